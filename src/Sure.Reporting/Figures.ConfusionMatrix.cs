using ScottPlot;

namespace Sure.Reporting;

public static partial class Figures
{
    /// <summary>
    /// Confusion-matrix heatmap: rows gold classes (top to bottom), columns predicted classes; each cell is coloured by its
    /// share of the gold row (recall scale, comparable across class sizes) and annotated with its count.
    /// </summary>
    public static string ConfusionMatrix(int[][] confusion, IReadOnlyList<string> classNames, string path, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        ArgumentNullException.ThrowIfNull(classNames);
        int k = classNames.Count;
        Require(k > 0, "confusion matrix needs at least one class.");
        Require(confusion.Length == k && confusion.All(r => r is not null && r.Length == k), $"confusion must be {k}×{k} to match the class names.");

        var share = new double[k, k];
        for (int r = 0; r < k; r++)
        {
            double total = confusion[r].Sum();
            for (int c = 0; c < k; c++) share[r, c] = total > 0 ? confusion[r][c] / total : 0;
        }

        var plot = new Plot();
        var hm = plot.Add.Heatmap(share);
        // Blues runs dark to light; reversed, empty cells are light and the diagonal dark.
        hm.Colormap = new ScottPlot.Colormaps.Blues().Reversed();
        hm.ManualRange = new ScottPlot.Range(0, 1);
        // ScottPlot puts intensities[r, c] in a unit cell centred on x = c, y = k − 1 − r: row 0 at the top, as printed.
        var bar = plot.Add.ColorBar(hm);
        bar.Label = "share of gold class";

        float fontSize = k <= 8 ? 16 : k <= 15 ? 12 : 9;
        for (int r = 0; r < k; r++)
            for (int c = 0; c < k; c++)
            {
                var t = plot.Add.Text(confusion[r][c].ToString(System.Globalization.CultureInfo.InvariantCulture), c, k - 1 - r);
                t.Alignment = Alignment.MiddleCenter;
                t.LabelFontSize = fontSize;
                t.LabelBold = r == c;
                t.LabelFontColor = share[r, c] > 0.55 ? Colors.White : Colors.Black;
            }

        CategoryTicks(plot.Axes.Bottom, classNames);
        CategoryTicks(plot.Axes.Left, Enumerable.Range(0, k).Select(r => classNames[k - 1 - r]).ToArray());
        int side = Math.Clamp(120 + 70 * k, 520, 1400);
        // Slant the predicted-class names when the longest would not fit its column (about 7 px a character).
        if (classNames.Max(n => n.Length) * 7 > (side - 120) / k)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 6 * classNames.Max(n => n.Length) + 30;
        }
        plot.XLabel("predicted");
        plot.YLabel("gold");
        plot.Title(title ?? "Confusion matrix");
        plot.Axes.SetLimits(-0.5, k - 0.5, -0.5, k - 0.5);
        plot.Grid.IsVisible = false;
        return Save(plot, path, side + 140, side);
    }
}
