using ScottPlot;

namespace Sure.Reporting;

public static partial class Figures
{
    /// <summary>
    /// Reliability diagram: per confidence bin, the accuracy (bars) and the mean confidence (markers) against the diagonal
    /// of perfect calibration; empty bins are left blank. The ECE (fraction) goes in the title when given.
    /// </summary>
    public static string ReliabilityDiagram(IReadOnlyList<ReliabilityBin> bins, string path, double? ece = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(bins);
        Require(bins.Count > 0, "reliability diagram needs at least one bin.");
        var plot = new Plot();
        var filled = bins.Where(b => b.Count > 0).ToArray();
        var bars = filled.Select(b => new Bar
        {
            Position = (b.Lower + b.Upper) / 2,
            Value = b.Accuracy,
            Size = (b.Upper - b.Lower) * 0.95,
            FillColor = ColorOf(0).WithAlpha(0.75),
        }).ToList();
        var bp = plot.Add.Bars(bars);
        bp.LegendText = "accuracy";
        var diag = plot.Add.Line(0, 0, 1, 1);
        diag.LineColor = Colors.Gray;
        diag.LinePattern = LinePattern.Dashed;
        diag.LegendText = "perfect calibration";
        if (filled.Length > 0)
        {
            var conf = plot.Add.ScatterPoints(filled.Select(b => (b.Lower + b.Upper) / 2).ToArray(), filled.Select(b => b.MeanConfidence).ToArray(), ColorOf(1));
            conf.MarkerSize = 9;
            conf.LegendText = "mean confidence";
        }
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.XLabel("confidence (max probability)");
        plot.YLabel("accuracy");
        var t = title ?? "Reliability diagram";
        if (ece is double e) t += $" (ECE {(100 * e).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}%)";
        plot.Title(t);
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, path, 640, 600);
    }
}
