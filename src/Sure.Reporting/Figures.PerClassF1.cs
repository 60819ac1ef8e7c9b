using ScottPlot;

namespace Sure.Reporting;

public static partial class Figures
{
    /// <summary>Per-class F1 (percent) as labelled bars, one per class, with the weighted F1 as a dashed line when given.</summary>
    public static string PerClassF1(IReadOnlyList<string> classNames, IReadOnlyList<double> f1Percent, string path,
        double? weightedF1Percent = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(f1Percent);
        Require(classNames.Count > 0 && classNames.Count == f1Percent.Count, "per-class F1 needs one value per class name.");

        var plot = new Plot();
        var bars = new List<Bar>();
        for (int i = 0; i < classNames.Count; i++)
            bars.Add(new Bar
            {
                Position = i,
                Value = f1Percent[i],
                FillColor = ColorOf(i),
                Label = f1Percent[i].ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
            });
        var bp = plot.Add.Bars(bars);
        bp.ValueLabelStyle.FontSize = 13;
        if (weightedF1Percent is double w)
        {
            var line = plot.Add.HorizontalLine(w, 1.5f, Colors.Black, LinePattern.Dashed);
            line.LegendText = $"weighted F1 {w.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}";
            plot.ShowLegend(Alignment.UpperRight);
        }
        CategoryTicks(plot.Axes.Bottom, classNames);
        int width = Math.Max(DefaultWidth, 90 * classNames.Count);
        if (classNames.Max(n => n.Length) * 7 > (width - 120) / classNames.Count)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 6 * classNames.Max(n => n.Length) + 30;
            plot.Axes.Right.MinimumSize = 5 * classNames[^1].Length;
        }
        plot.Axes.SetLimits(-0.6, classNames.Count - 0.4, 0, 105);
        plot.YLabel("F1 (%)");
        plot.Title(title ?? "Per-class F1");
        return Save(plot, path, width, DefaultHeight);
    }

    /// <summary>Per-class F1 of one split of result.json.</summary>
    public static string PerClassF1(SplitResult split, string path, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        return PerClassF1(split.PerClass.Keys.ToArray(), split.PerClass.Values.Select(c => c.F1).ToArray(), path, split.WeightedF1, title);
    }
}
