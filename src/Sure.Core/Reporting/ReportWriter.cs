using Sure.IO;
using System.Globalization;
using System.Text;
using Sure.Evaluation;

namespace Sure.Reporting;

/// <summary>
/// Markdown sections of a run's report.md, as pure functions of the data (no file access): the caller concatenates
/// the sections it wants and writes the file (e.g. with <see cref="AtomicFile.WriteAllText"/>). Percent values are shown
/// with 2 decimals; a missing or undefined value is shown as "–".
/// </summary>
public static class ReportWriter
{
    private const string Missing = "–";

    /// <summary>Per-class precision / recall / F1 / support and the overall accuracy, weighted F1, macro F1 and UAR of an evaluation.</summary>
    public static string MetricsTable(ClassificationReport report, string heading = "Metrics") =>
        MetricsTable(SplitResult.FromReport(report), heading);

    /// <summary>The same table from a result.json split (values already in percent).</summary>
    public static string MetricsTable(SplitResult split, string heading = "Metrics")
    {
        ArgumentNullException.ThrowIfNull(split);
        var sb = new StringBuilder();
        sb.Append("### ").Append(heading).Append("\n\n");
        sb.Append("| accuracy (%) | weighted F1 (%) | macro F1 (%) | UAR (%) |\n|---:|---:|---:|---:|\n");
        sb.Append($"| {Pct(split.Accuracy)} | {Pct(split.WeightedF1)} | {Pct(split.MacroF1)} | {Pct(split.Uar)} |\n\n");
        if (split.PerClass.Count > 0)
        {
            sb.Append("| class | precision (%) | recall (%) | F1 (%) | support |\n|---|---:|---:|---:|---:|\n");
            foreach (var (name, m) in split.PerClass)
                sb.Append($"| {Cell(name)} | {Pct(m.Precision)} | {Pct(m.Recall)} | {Pct(m.F1)} | {m.Support.ToString(CultureInfo.InvariantCulture)} |\n");
            int total = split.PerClass.Values.Sum(m => m.Support);
            sb.Append($"| **all** | | | **{Pct(split.WeightedF1)}** (weighted) | {total.ToString(CultureInfo.InvariantCulture)} |\n");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Confusion matrix as a table: rows gold classes, columns predicted classes.</summary>
    public static string ConfusionTable(int[][] confusion, IReadOnlyList<string> classNames, string heading = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(confusion);
        ArgumentNullException.ThrowIfNull(classNames);
        if (confusion.Length != classNames.Count || confusion.Any(r => r.Length != classNames.Count))
            throw new ArgumentException($"confusion must be {classNames.Count}×{classNames.Count}.");
        var sb = new StringBuilder();
        sb.Append("### ").Append(heading).Append("\n\nRows: gold class; columns: predicted class.\n\n");
        sb.Append("| gold \\ predicted | ").Append(string.Join(" | ", classNames.Select(Cell))).Append(" |\n");
        sb.Append("|---|").Append(string.Concat(Enumerable.Repeat("---:|", classNames.Count))).Append('\n');
        for (int r = 0; r < classNames.Count; r++)
            sb.Append("| ").Append(Cell(classNames[r])).Append(" | ")
              .Append(string.Join(" | ", confusion[r].Select((v, c) => c == r ? $"**{v}**" : v.ToString(CultureInfo.InvariantCulture)))).Append(" |\n");
        return sb.Append('\n').ToString();
    }

    /// <summary>
    /// SynthERC's ceilings (percent) next to the model's test accuracy when given: the Bayes-optimal accuracy (no model can
    /// beat it on average) and the best accuracy without dialogue context (a model above it is using context).
    /// </summary>
    public static string Ceilings(CeilingResult ceiling, double? testAccuracyPercent = null, string heading = "Ceilings (SynthERC)")
    {
        ArgumentNullException.ThrowIfNull(ceiling);
        var sb = new StringBuilder();
        sb.Append("### ").Append(heading).Append("\n\n");
        sb.Append("| | accuracy (%) |\n|---|---:|\n");
        sb.Append($"| Bayes-optimal (true posterior, with context) | {Pct(ceiling.BayesAccuracy)} |\n");
        if (ceiling.CausalAccuracy is double causal) sb.Append($"| Bayes-optimal causal (turns so far only) | {Pct(causal)} |\n");
        sb.Append($"| best without context | {Pct(ceiling.NoContextAccuracy)} |\n");
        if (testAccuracyPercent is double acc)
        {
            sb.Append($"| this model (test) | {Pct(acc)} |\n\n");
            sb.Append($"Gap to the Bayes ceiling: {Pct(ceiling.BayesAccuracy - acc)} points; ");
            sb.Append(acc > ceiling.NoContextAccuracy
                ? $"{Pct(acc - ceiling.NoContextAccuracy)} points above the no-context ceiling, so the model uses dialogue context.\n"
                : $"{Pct(ceiling.NoContextAccuracy - acc)} points below the no-context ceiling.\n");
        }
        return sb.Append('\n').ToString();
    }

    /// <summary>Calibration and error detection from fractions (as computed by <see cref="UncertaintyEvaluation"/>).</summary>
    public static string CalibrationSection(UncertaintyEvaluation evaluation, string heading = "Calibration and uncertainty")
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return CalibrationSection(evaluation.Ece * 100,
            evaluation.ErrorAuroc.ToDictionary(kv => kv.Key, kv => double.IsNaN(kv.Value) ? (double?)null : kv.Value * 100),
            evaluation.Reliability.Length, heading);
    }

    /// <summary>
    /// Calibration and error detection from result.json values (percent): the ECE and one AUROC row per uncertainty score.
    /// </summary>
    public static string CalibrationSection(double? ecePercent, IReadOnlyDictionary<string, double?>? errorAurocPercent,
        int bins = Reporting.Calibration.DefaultBins, string heading = "Calibration and uncertainty")
    {
        var sb = new StringBuilder();
        sb.Append("### ").Append(heading).Append("\n\n");
        sb.Append($"Expected calibration error (confidence = max probability, {bins} equal-width bins): **{Pct(ecePercent)}%** (0 = perfectly calibrated).\n\n");
        if (errorAurocPercent is { Count: > 0 })
        {
            sb.Append("How well each score ranks the model's errors above its correct predictions (AUROC; 50 = chance, 100 = perfect):\n\n");
            sb.Append("| uncertainty score | error-detection AUROC (%) |\n|---|---:|\n");
            foreach (var (name, v) in errorAurocPercent)
                sb.Append($"| {Cell(ScoreName(name))} | {Pct(v)} |\n");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// Image links for the figures. Paths are made relative to <paramref name="relativeTo"/> (the report's folder) when
    /// given, written with forward slashes, and wrapped in angle brackets when they contain spaces.
    /// </summary>
    public static string FigureLinks(IEnumerable<(string Caption, string Path)> figures, string? relativeTo = null, string heading = "Figures")
    {
        ArgumentNullException.ThrowIfNull(figures);
        var sb = new StringBuilder();
        sb.Append("### ").Append(heading).Append("\n\n");
        foreach (var (caption, path) in figures)
        {
            var p = relativeTo is null ? path : System.IO.Path.GetRelativePath(relativeTo, path);
            p = p.Replace('\\', '/');
            if (p.Contains(' ')) p = $"<{p}>";
            var alt = caption.Replace("[", "(").Replace("]", ")");
            sb.Append($"**{alt}**\n\n![{alt}]({p})\n\n");
        }
        return sb.ToString();
    }

    /// <summary>A human name for the standard uncertainty scores; other names are shown as given.</summary>
    public static string ScoreName(string key) => key switch
    {
        UncertaintyEvaluation.Entropy => "predictive entropy",
        UncertaintyEvaluation.OneMinusMaxProb => "1 − max probability",
        _ => key,
    };

    /// <summary>Percent with 2 decimals, "–" for null or NaN.</summary>
    public static string Pct(double? v) =>
        v is double d && double.IsFinite(d) ? d.ToString("0.00", CultureInfo.InvariantCulture) : Missing;

    /// <summary>Escapes a value for a Markdown table cell.</summary>
    public static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");
}
