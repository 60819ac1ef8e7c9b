using System.Text;
using Sure.Data;
using Sure.Evaluation;
using Sure.Reporting;
using Sure.Training;

namespace Sure.Runs;

/// <summary>
/// What is computed from a finished run besides the metrics: calibration (ECE, reliability) and how well uncertainty
/// ranks the model's own errors (AUROC of predictive entropy, 1 − max probability and the MoE's routing-weighted
/// expert uncertainty), and the report sections for those and for the figures an <see cref="IRunFigures"/> drew.
/// </summary>
public static class RunAnalysis
{
    /// <summary>The run folder's subfolder for figures.</summary>
    public const string FiguresDir = "figures";
    public const string MoeUncertaintyScore = "moe_uncertainty";

    public static UncertaintyEvaluation? Uncertainty(EvaluationOutput output)
    {
        var labelled = output.Utterances.Where(u => u.Gold >= 0).ToList();
        if (labelled.Count == 0) return null;
        var probs = labelled.Select(u => u.Probabilities.Select(p => (double)p).ToArray()).ToList();
        var gold = labelled.Select(u => u.Gold).ToList();
        Dictionary<string, double[]>? extra = null;
        if (labelled[0].RoutingWeights.Count > 0)
            extra = new() { [MoeUncertaintyScore] = labelled.Select(MoeUncertainty).ToArray() };
        return UncertaintyEvaluation.Compute(probs, gold, extra);
    }

    /// <summary>Routing-weighted expert uncertainty Σ_e w_e·u_e, averaged over the used modalities.</summary>
    public static double MoeUncertainty(UtterancePrediction u) =>
        u.RoutingWeights.Count == 0 ? 0 : u.RoutingWeights.Keys.Average(m =>
        {
            var w = u.RoutingWeights[m];
            var unc = u.ExpertUncertainty[m];
            double s = 0;
            for (int e = 0; e < w.Length; e++) s += w[e] * unc[e];
            return s;
        });

    /// <summary>A split of result.json with its "ece" and "error_auroc" (percent; null where undefined).</summary>
    public static SplitResult With(SplitResult split, UncertaintyEvaluation? u)
    {
        ArgumentNullException.ThrowIfNull(split);
        return u is null ? split : split with { Ece = Pct(u.Ece), ErrorAuroc = u.ErrorAuroc.ToDictionary(kv => kv.Key, kv => Pct(kv.Value)) };
    }

    private static double? Pct(double v) => double.IsFinite(v) ? Metrics.ToPercent(v) : null;

    /// <summary>report.md sections for calibration and figures.</summary>
    public static string ReportSections(UncertaintyEvaluation? test, IReadOnlyList<RunFigure> figures, string runDir)
    {
        var sb = new StringBuilder();
        if (test is not null) sb.AppendLine().Append(ReportWriter.CalibrationSection(test, "Calibration and uncertainty (test)"));
        if (figures.Count > 0) sb.AppendLine().Append(ReportWriter.FigureLinks(figures.Select(f => (f.Caption, f.Path)), runDir));
        return sb.ToString();
    }
}
