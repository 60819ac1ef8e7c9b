using System.Text.Json.Serialization;
using Sure.Evaluation;

namespace Sure.Reporting;

/// <summary>
/// The "test" / "valid" object of result.json. Every metric is in percent with 2 decimals; uar is null in files written
/// before it was recorded; ece and error_auroc
/// (score name → AUROC, also in percent; null where undefined) are present when the run computed them.
/// </summary>
public sealed record SplitResult
{
    [JsonRequired] public double Accuracy { get; init; }
    [JsonRequired] public double WeightedF1 { get; init; }
    public double MacroF1 { get; init; }
    /// <summary>Unweighted average recall (mean recall over the classes present in gold, percent); null in result.json
    /// files written before it was recorded.</summary>
    public double? Uar { get; init; }
    /// <summary>Utterances scored; null in result.json files written before it was read back.</summary>
    public int? Utterances { get; init; }
    /// <summary>Mean cross-entropy (5 decimals); null when undefined.</summary>
    public double? Loss { get; init; }
    public Dictionary<string, ClassResult> PerClass { get; init; } = new();
    public int[][] Confusion { get; init; } = [];
    public double? Ece { get; init; }
    public Dictionary<string, double?>? ErrorAuroc { get; init; }
    /// <summary>How the MoE treated each modality (modality name → routing summary); null without a MoE.</summary>
    public Dictionary<string, ModalityRoutingResult>? Moe { get; init; }

    /// <summary>A split of result.json as a run writes it (<see cref="Metrics.ToPercent"/>: percent, 2 decimals, rounding
    /// half to even; loss to 5 decimals; uar and loss null where undefined).</summary>
    public static SplitResult Of(EvaluationOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Percentages(output.Report, Metrics.ToPercent) with
        {
            Utterances = output.Report.Count,
            Loss = double.IsFinite(output.Loss) ? Math.Round(output.Loss, 5) : null,
        };
    }

    /// <summary>Converts an evaluation (fractions) to the percent form of result.json, with optional calibration figures.</summary>
    public static SplitResult FromReport(ClassificationReport report, UncertaintyEvaluation? uncertainty = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Percentages(report, ResultJson.Percent) with
        {
            Ece = uncertainty is null ? null : ResultJson.Percent(uncertainty.Ece),
            ErrorAuroc = uncertainty?.ErrorAuroc.ToDictionary(kv => kv.Key, kv => double.IsNaN(kv.Value) ? (double?)null : ResultJson.Percent(kv.Value)),
        };
    }

    /// <summary>The report's metrics, per class and overall, as percentages by <paramref name="percent"/>, and its confusion matrix.</summary>
    private static SplitResult Percentages(ClassificationReport r, Func<double, double> percent)
    {
        var perClass = new Dictionary<string, ClassResult>();
        for (int c = 0; c < r.ClassNames.Length; c++)
        {
            var m = r.PerClass[c];
            perClass[r.ClassNames[c]] = new ClassResult(percent(m.Precision), percent(m.Recall), percent(m.F1), m.Support);
        }
        return new SplitResult
        {
            Accuracy = percent(r.Accuracy),
            WeightedF1 = percent(r.WeightedF1),
            MacroF1 = percent(r.MacroF1),
            Uar = double.IsFinite(r.Uar) ? percent(r.Uar) : null,
            PerClass = perClass,
            Confusion = r.Confusion.Select(row => row.ToArray()).ToArray(),
        };
    }
}
