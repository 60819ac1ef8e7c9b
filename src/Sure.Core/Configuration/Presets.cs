using System.Text.Json.Nodes;
using Sure.Data;

namespace Sure.Configuration;

/// <summary>
/// Per-dataset settings layered over the paper's defaults (and under any file or command-line value).
/// IEMOCAP and MELD follow the paper (§3.1) and the reference scripts; SynthERC uses a smaller model so that
/// <c>sure train</c> finishes in a few minutes on a 2-core CPU (the output says so).
/// </summary>
public static class Presets
{
    /// <summary>One line for the user saying which preset applies and what it sets (null when none does), and which of
    /// its settings the user's layers (a --config file, the command line; later ones win) replace, with their values.</summary>
    public static string? Describe(ConversationDataset data, params JsonObject?[] overrides)
    {
        var layer = For(data);
        var settings = Settings(layer);
        string? note = null;
        if (data.Format == "syntherc")
            note = $"SynthERC preset: a smaller model than the paper's ({settings}) so the default run takes minutes on a CPU; pass --hidden 1024 --heads 8 for the paper's size.";
        else if (IsIemocap(data)) note = $"IEMOCAP preset (paper §3.1): {settings}; class weights from training frequencies.";
        else if (IsMeld(data)) note = $"MELD preset (paper §3.1, lr from the predecessor SDT): {settings}.";
        if (note is null) return null;
        var replaced = new JsonObject();
        foreach (var (key, _) in layer)
            foreach (var o in overrides)
                if (o is not null && o.TryGetPropertyValue(key, out var value))
                    replaced[key] = value?.DeepClone();
        return replaced.Count == 0 ? note : $"{note} Your settings replace: {Settings(replaced)}.";
    }

    public static JsonObject For(ConversationDataset data)
    {
        if (data.Format == "syntherc")
            return new JsonObject
            {
                ["hidden"] = 96, ["heads"] = 4, ["epochs"] = 20, ["batchSize"] = 16, ["lr"] = 1e-3, ["dropout"] = 0.2,
            };
        if (IsIemocap(data))
            return new JsonObject { ["batchSize"] = 16, ["epochs"] = 150, ["lr"] = 1e-4, ["maxSpeakers"] = 2 };
        if (IsMeld(data))
            return new JsonObject { ["batchSize"] = 32, ["epochs"] = 50, ["lr"] = 5e-6, ["maxSpeakers"] = 9 };
        return new JsonObject();
    }

    /// <summary>"hidden 96, heads 4, epochs 20, …": the preset's values, written from the layer itself so the message cannot drift from it.</summary>
    private static string Settings(JsonObject layer) =>
        string.Join(", ", layer.Select(kv => $"{Words(kv.Key)} {kv.Value!.ToJsonString()}"));

    private static string Words(string camelKey) =>
        string.Concat(camelKey.Select(c => char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    public static bool IsIemocap(ConversationDataset d) => d.Name.Contains("IEMOCAP", StringComparison.OrdinalIgnoreCase);
    public static bool IsMeld(ConversationDataset d) => d.Name.Contains("MELD", StringComparison.OrdinalIgnoreCase);
}
