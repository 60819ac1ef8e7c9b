using System.Text;
using System.Text.Json.Nodes;
using Sure.Data;
using Sure.Evaluation;
using Sure.Reporting;
using Sure.Training;

namespace Sure.Runs;

/// <summary>
/// What is computed from a finished run besides the metrics: calibration (ECE, reliability) and how well uncertainty
/// ranks the model's own errors (AUROC of predictive entropy, 1 − max probability and the MoE's routing-weighted
/// expert uncertainty), and the figures (learning curves, confusion heatmap, per-class F1, reliability diagram, and on
/// SynthERC routing weight / expert uncertainty versus the injected corruption).
/// </summary>
public static class RunAnalysis
{
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

    /// <summary>Adds "ece" and "error_auroc" (percent) to a split object of result.json.</summary>
    public static void AddTo(JsonObject split, UncertaintyEvaluation? u)
    {
        if (u is null) return;
        split["ece"] = Pct(u.Ece);
        var auroc = new JsonObject();
        foreach (var (k, v) in u.ErrorAuroc) auroc[k] = Pct(v);
        split["error_auroc"] = auroc;
    }

    private static double? Pct(double v) => double.IsFinite(v) ? Metrics.ToPercent(v) : null;

    /// <summary>Writes the run's figures into runDir/figures and returns (caption, path) pairs for report.md.</summary>
    public static List<(string Caption, string Path)> WriteFigures(string runDir, LoadedData data, TrainingResult result, UncertaintyEvaluation? testUncertainty)
    {
        var dir = Path.Combine(runDir, FiguresDir);
        var list = new List<(string, string)>
        {
            ("Learning curves", Figures.LearningCurves(result.History, Path.Combine(dir, "learning-curves.png"), $"{data.Dataset.Name}: learning curves")),
            ("Confusion matrix (test)", Figures.ConfusionMatrix(result.Test.Report.Confusion, result.Test.Report.ClassNames, Path.Combine(dir, "confusion.png"), "Confusion matrix (test)")),
            ("Per-class F1 (test)", Figures.PerClassF1(result.Test.Report.ClassNames, result.Test.Report.PerClass.Select(c => Metrics.ToPercent(c.F1)).ToArray(),
                Path.Combine(dir, "per-class-f1.png"), Metrics.ToPercent(result.Test.Report.WeightedF1), "Per-class F1 (test)")),
        };
        if (testUncertainty is not null)
            list.Add(("Reliability diagram (test)", Figures.ReliabilityDiagram(testUncertainty.Reliability, Path.Combine(dir, "reliability.png"), testUncertainty.Ece, "Reliability (test)")));
        if (data.Synth is { } synth && result.Test.Utterances.Count > 0 && result.Test.Utterances[0].RoutingWeights.Count > 0)
        {
            foreach (var m in result.Test.Utterances[0].RoutingWeights.Keys)
            {
                var records = result.Test.Utterances
                    .Select(u => new RoutingRecord(synth.TruthOf(u.DialogueId, u.Index)[m],
                        u.RoutingWeights[m].Select(x => (double)x).ToArray(), u.ExpertUncertainty[m].Select(x => (double)x).ToArray()))
                    .ToList();
                list.Add(($"Routing and expert uncertainty vs injected corruption ({m.Name()}, test)",
                    Figures.RoutingVsCorruption(records, Path.Combine(dir, $"routing-vs-corruption-{m.Name()}.png"), $"{m.Name()}: routing and uncertainty vs corruption")));
            }
        }
        return list;
    }

    /// <summary>report.md sections for calibration and figures.</summary>
    public static string ReportSections(UncertaintyEvaluation? test, List<(string Caption, string Path)> figures, string runDir)
    {
        var sb = new StringBuilder();
        if (test is not null) sb.AppendLine().Append(ReportWriter.CalibrationSection(test, "Calibration and uncertainty (test)"));
        if (figures.Count > 0) sb.AppendLine().Append(ReportWriter.FigureLinks(figures, runDir));
        return sb.ToString();
    }
}
