using ScottPlot;

namespace Sure.Reporting;

/// <summary>One point of a learning curve over the training-set size: dialogues, mean and sample std over seeds (percent).</summary>
public sealed record TrainingSizePoint(int Dialogues, double Mean, double Std);

/// <summary>A model's learning curve over the training-set size.</summary>
public sealed record TrainingSizeCurve(string Model, IReadOnlyList<TrainingSizePoint> Points);

public static partial class Figures
{
    /// <summary>
    /// Test accuracy against the number of training dialogues (log scale), one line per model with ± std error bars,
    /// and the exact Bayes and no-context ceilings of the test set as dashed lines (SynthERC).
    /// </summary>
    public static string AccuracyVsTrainingSize(IReadOnlyList<TrainingSizeCurve> curves, CeilingResult ceiling, string path, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(curves);
        ArgumentNullException.ThrowIfNull(ceiling);
        Require(curves.Count > 0 && curves.All(c => c.Points.Count > 0), "need at least one curve, each with at least one point.");
        var plot = new Plot();
        var sizes = curves.SelectMany(c => c.Points.Select(p => p.Dialogues)).Distinct().Order().ToArray();
        for (int i = 0; i < curves.Count; i++)
        {
            var pts = curves[i].Points.OrderBy(p => p.Dialogues).ToArray();
            var xs = pts.Select(p => Math.Log10(p.Dialogues)).ToArray();
            var ys = pts.Select(p => p.Mean).ToArray();
            var line = plot.Add.Scatter(xs, ys, ColorOf(i));
            line.LegendText = curves[i].Model;
            line.MarkerSize = 7;
            line.LineWidth = 2;
            var err = plot.Add.ErrorBar(xs, ys, pts.Select(p => p.Std).ToArray());
            err.Color = ColorOf(i);
            err.CapSize = 6;
        }
        foreach (var (value, label, color) in new[] { (ceiling.BayesAccuracy, "Bayes ceiling (exact)", Colors.Black), (ceiling.NoContextAccuracy, "no-context ceiling (exact)", Colors.Gray) })
        {
            var h = plot.Add.HorizontalLine(value, 1.5f, color, LinePattern.Dashed);
            h.LegendText = label;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            sizes.Select(s => Math.Log10(s)).ToArray(), sizes.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.XLabel("training dialogues (log scale)");
        plot.YLabel("test accuracy (%)");
        plot.Title(title ?? "SynthERC: accuracy against training-set size");
        plot.ShowLegend(Alignment.LowerRight);
        return Save(plot, path);
    }
}
