using ScottPlot;

namespace Sure.Reporting;

public static partial class Figures
{
    /// <summary>
    /// Accuracy (or any percent metric) against the injected corruption rate, one line per variant with ± std error bars
    /// over seeds. Rates are fractions in [0, 1] and shown as percent.
    /// </summary>
    public static string AccuracyVsCorruption(IReadOnlyList<CorruptionCurve> curves, string path, string? title = null, string yLabel = "accuracy (%)")
    {
        ArgumentNullException.ThrowIfNull(curves);
        Require(curves.Count > 0 && curves.All(c => c.Points.Count > 0), "need at least one curve, each with at least one point.");
        var plot = new Plot();
        for (int i = 0; i < curves.Count; i++)
        {
            var pts = curves[i].Points.OrderBy(p => p.Rate).ToArray();
            var xs = pts.Select(p => p.Rate * 100).ToArray();
            var ys = pts.Select(p => p.Mean).ToArray();
            var line = plot.Add.Scatter(xs, ys, ColorOf(i));
            line.LegendText = curves[i].Variant;
            line.MarkerSize = 7;
            line.LineWidth = 2;
            var err = plot.Add.ErrorBar(xs, ys, pts.Select(p => p.Std).ToArray());
            err.Color = ColorOf(i);
            err.CapSize = 6;
        }
        plot.XLabel("corruption rate (%)");
        plot.YLabel(yLabel);
        plot.Title(title ?? "Robustness to corrupted modalities");
        plot.ShowLegend(Alignment.UpperRight);
        return Save(plot, path);
    }
}
