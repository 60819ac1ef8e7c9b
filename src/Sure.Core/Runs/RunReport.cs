using System.Globalization;
using System.Text;
using Sure.Configuration;
using Sure.Data;
using Sure.Evaluation;
using Sure.Training;
using Sure.Loading;

namespace Sure.Runs;

/// <summary>report.md of a run: what was run, the protocol, per-class and overall metrics, ceilings, and the history.</summary>
public static class RunReport
{
    public static string Markdown(SureConfig config, LoadedData data, TrainingResult result, Reporting.RunResult record, string? command)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"# Run report: {data.Dataset.Name}");
        sb.AppendLine();
        if (command is not null) sb.AppendLine($"Command: `{command}`").AppendLine();
        ArgumentNullException.ThrowIfNull(record);
        sb.AppendLine($"- Protocol: **{record.Protocol}** ({(config.Protocol == SelectionProtocol.Paper ? "best epoch chosen on the TEST split, as the paper's reference code does: test-set leakage, not an honest estimate" : "best epoch chosen on the validation split by weighted F1; the test split was not looked at while training")})");
        sb.AppendLine($"- Seed: {config.Seed}; modalities: {config.Modalities}; MoE: {(config.UseMoe ? $"on ({config.Experts} experts, top-{config.TopK}, {config.Routing.ToString().ToLowerInvariant()} routing)" : "off")}; reasoning: {(config.UseReasoning ? $"on ({config.ReasoningSteps} steps, {config.Context.ToString().ToLowerInvariant()})" : "off")}");
        sb.AppendLine($"- Model: hidden {config.Hidden}, {config.Heads} heads, {config.Layers} layer(s), {result.Parameters:N0} parameters");
        sb.AppendLine($"- Best epoch {result.BestEpoch} of {result.EpochsRun}; training time {result.TrainSeconds.ToString("F1", inv)} s");
        if (record.Cv is { } cv)
            sb.AppendLine($"- Cross-validation (`cv` {cv.Grouping}), fold {cv.Fold} of {cv.Folds}: test = {Groups(cv.TestGroups)}; validation = {Groups(cv.ValidGroups)}; "
                + $"{cv.TrainGroups} groups in training. The data's own split labels were not used.");
        sb.AppendLine($"- Full configuration: `config.json`");
        sb.AppendLine();
        if (record.Warnings is { Count: > 0 } warnings)
        {
            sb.AppendLine("## Warnings");
            sb.AppendLine();
            foreach (var w in warnings) sb.AppendLine($"- **Warning:** {w}");
            sb.AppendLine();
        }
        sb.AppendLine("## Overall");
        sb.AppendLine();
        sb.AppendLine("| split | accuracy | weighted F1 | macro F1 | UAR | utterances |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, o) in new[] { ("valid", result.Valid), ("test", result.Test) })
            sb.AppendLine($"| {name} | {P(o.Report.Accuracy)} | {P(o.Report.WeightedF1)} | {P(o.Report.MacroF1)} | {P(o.Report.Uar)} | {o.Report.Count} |");
        if (record.MajorityBaseline is { } baseline)
        {
            foreach (var (name, scores) in new[] { ("valid", baseline.Valid), ("test", baseline.Test) })
                sb.AppendLine($"| {name}: always `{baseline.ClassName}` (majority class of train) | {scores.Accuracy.ToString("F2", inv)} | {scores.WeightedF1.ToString("F2", inv)} | | | |");
            sb.AppendLine();
            sb.AppendLine("A model at or below the majority-class rows has learned nothing useful.");
        }
        if (data.TestCeiling is null && !Experiments.ResultTable.ReadsUtterancesAlone(config.Model))
        {
            sb.AppendLine();
            sb.AppendLine("No-context baseline (each utterance alone): not measured by a single run; an experiment with the variant linear (or mlp) beside this one measures it on the same data and seeds, and its table shows each variant's gain over it.");
        }
        if (data.TestCeiling is { } c && data.ValidCeiling is { } v)
        {
            sb.AppendLine();
            sb.AppendLine("## Ceilings (exact, on the generated splits)");
            sb.AppendLine();
            sb.AppendLine("| accuracy | valid | test |");
            sb.AppendLine("|---|---:|---:|");
            sb.AppendLine($"| Bayes-optimal (whole dialogue, true model) | {P(v.BayesAccuracy)} | {P(c.BayesAccuracy)} |");
            sb.AppendLine($"| Bayes-optimal causal (turns so far only: the ceiling of a live model) | {P(v.CausalAccuracy)} | {P(c.CausalAccuracy)} |");
            sb.AppendLine($"| Best without context (each utterance alone) | {P(v.NoContextAccuracy)} | {P(c.NoContextAccuracy)} |");
            sb.AppendLine($"| This model | {P(result.Valid.Report.Accuracy)} | {P(result.Test.Report.Accuracy)} |");
            sb.AppendLine($"| Gap to the Bayes ceiling | {(100 * (v.BayesAccuracy - result.Valid.Report.Accuracy)).ToString("F2", inv)} points | {(100 * (c.BayesAccuracy - result.Test.Report.Accuracy)).ToString("F2", inv)} points |");
            if (config.Context == ContextMode.Causal)
                sb.AppendLine($"| Gap to the causal ceiling | {(100 * (v.CausalAccuracy - result.Valid.Report.Accuracy)).ToString("F2", inv)} points | {(100 * (c.CausalAccuracy - result.Test.Report.Accuracy)).ToString("F2", inv)} points |");
        }
        sb.AppendLine();
        sb.AppendLine("## Per class (test)");
        sb.AppendLine();
        sb.AppendLine("| class | precision | recall | F1 | support |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        var r = result.Test.Report;
        for (int i = 0; i < r.ClassNames.Length; i++)
            sb.AppendLine($"| {r.ClassNames[i]} | {P(r.PerClass[i].Precision)} | {P(r.PerClass[i].Recall)} | {P(r.PerClass[i].F1)} | {r.PerClass[i].Support} |");
        sb.AppendLine();
        sb.AppendLine("## Confusion matrix (test; rows gold, columns predicted)");
        sb.AppendLine();
        sb.AppendLine("| gold \\ pred | " + string.Join(" | ", r.ClassNames) + " |");
        sb.AppendLine("|---|" + string.Concat(r.ClassNames.Select(_ => "---:|")));
        for (int i = 0; i < r.ClassNames.Length; i++)
            sb.AppendLine($"| {r.ClassNames[i]} | " + string.Join(" | ", r.Confusion[i]) + " |");
        sb.AppendLine();
        sb.AppendLine("## History");
        sb.AppendLine();
        sb.AppendLine("Train loss: the training objective (NLL + MoE loss weight × MoE losses); train NLL and valid NLL: the NLL alone, comparable with each other.");
        sb.AppendLine();
        sb.AppendLine("| epoch | train loss | train NLL | valid NLL | valid acc | valid wF1 | s |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var h in result.History)
            sb.AppendLine($"| {h.Epoch}{(h.Epoch == result.BestEpoch ? " *" : "")} | {h.TrainLoss.ToString("F4", inv)} | {h.TrainNll?.ToString("F4", inv) ?? "–"} | {h.ValidNll.ToString("F4", inv)} | {h.ValidAccuracy.ToString("F2", inv)} | {h.ValidWeightedF1.ToString("F2", inv)} | {h.Seconds.ToString("F1", inv)} |");
        return sb.ToString();
    }

    /// <summary>Group names as "a, b, c" (the first 10, then a count).</summary>
    private static string Groups(IReadOnlyList<string> names)
    {
        return names.Count <= 10 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(10))} and {names.Count - 10} more";
    }

    private static string P(double fraction) => Reporting.ReportWriter.Pct(Metrics.ToPercent(fraction));
}
