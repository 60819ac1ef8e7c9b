using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Evaluation;
using Sure.Synth;
using Sure.Training;

namespace Sure.Runs;

/// <summary>Builds result.json, the machine-readable contract of a run (percentages with 2 decimals).</summary>
public static class ResultDocument
{
    public static JsonObject Build(string dataset, SureConfig config, TrainingResult result, SynthErcCeilings? ceiling, string? variant = null, SynthErcCeilings? validCeiling = null)
    {
        var doc = new JsonObject
        {
            ["dataset"] = dataset,
            ["protocol"] = config.Protocol == SelectionProtocol.Paper ? "paper" : "validation",
            ["seed"] = config.Seed,
            ["modalities"] = config.Modalities,
            ["test"] = Split(result.Test),
            ["valid"] = Split(result.Valid),
            ["best_epoch"] = result.BestEpoch,
            ["epochs_run"] = result.EpochsRun,
            ["train_seconds"] = result.TrainSeconds,
            ["parameters"] = result.Parameters,
        };
        if (variant is not null) doc["variant"] = variant;
        if (ceiling is not null) doc["ceiling"] = Ceiling(ceiling);
        if (validCeiling is not null) doc["valid_ceiling"] = Ceiling(validCeiling);
        return doc;
    }

    /// <summary>A split's exact ceilings in percent: Bayes (whole dialogue), causal (turns so far), no context.</summary>
    private static JsonObject Ceiling(SynthErcCeilings c) => new()
    {
        ["bayes_accuracy"] = Metrics.ToPercent(c.BayesAccuracy),
        ["no_context_accuracy"] = Metrics.ToPercent(c.NoContextAccuracy),
        ["causal_accuracy"] = Metrics.ToPercent(c.CausalAccuracy),
    };

    public static JsonObject Split(EvaluationOutput output)
    {
        var r = output.Report;
        var perClass = new JsonObject();
        for (int c = 0; c < r.ClassNames.Length; c++)
        {
            var m = r.PerClass[c];
            perClass[r.ClassNames[c]] = new JsonObject
            {
                ["precision"] = Metrics.ToPercent(m.Precision),
                ["recall"] = Metrics.ToPercent(m.Recall),
                ["f1"] = Metrics.ToPercent(m.F1),
                ["support"] = m.Support,
            };
        }
        var confusion = new JsonArray();
        foreach (var row in r.Confusion) confusion.Add(new JsonArray(row.Select(v => (JsonNode)v).ToArray()));
        return new JsonObject
        {
            ["accuracy"] = Metrics.ToPercent(r.Accuracy),
            ["weighted_f1"] = Metrics.ToPercent(r.WeightedF1),
            ["macro_f1"] = Metrics.ToPercent(r.MacroF1),
            ["uar"] = double.IsFinite(r.Uar) ? Metrics.ToPercent(r.Uar) : null,
            ["utterances"] = r.Count,
            ["loss"] = double.IsFinite(output.Loss) ? Math.Round(output.Loss, 5) : null,
            ["per_class"] = perClass,
            ["confusion"] = confusion,
        };
    }
}
