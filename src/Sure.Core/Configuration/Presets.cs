using System.Text.Json.Nodes;
using Sure.Data;

namespace Sure.Configuration;

/// <summary>
/// Per-dataset settings. Two layers per dataset: the <b>paper's</b> (<see cref="For(string?)"/>: IEMOCAP and MELD as the
/// paper §3.1 and the reference scripts set them, for any features), applied with <c>preset: paper</c>; and the dataset's
/// <b>own facts</b> (<see cref="DatasetLayer"/>: its speakers per dialogue and batch size), applied under the preset of
/// the run's kind of input (<see cref="Loading.InputPresets"/>) otherwise. SynthERC's preset is a smaller model so that
/// <c>sure train</c> finishes in a few minutes on a 2-core CPU; its input is its own, so it is the same in both. The dataset
/// is known by its <see cref="ConversationDataset.Identity"/> (set by the loader that recognised the format, or by the
/// configuration's <see cref="SureConfig.Preset"/>), never by its name.
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
        if (data.Identity == DatasetIdentity.SynthErc)
            note = $"SynthERC preset: a smaller model than the paper's ({settings}) so the default run takes minutes on a CPU; the paper's size is hidden 1024, heads 8.";
        else if (IsIemocap(data)) note = $"IEMOCAP preset (paper §3.1): {settings}; class weights from training frequencies.";
        else if (IsMeld(data)) note = $"MELD preset (paper §3.1, lr from the predecessor SDT): {settings}.";
        return note is null ? null : WithReplaced(note, layer, overrides);
    }

    /// <summary><paramref name="note"/>, followed by which of <paramref name="layer"/>'s settings the user's layers (a --config
    /// file, the command line; later ones win) replace, with their values.</summary>
    public static string WithReplaced(string note, JsonObject layer, params JsonObject?[] overrides)
    {
        var replaced = new JsonObject();
        foreach (var (key, _) in layer)
            foreach (var o in overrides)
                if (o is not null && o.TryGetPropertyValue(key, out var value))
                    replaced[key] = value?.DeepClone();
        return replaced.Count == 0 ? note : $"{note} Your settings replace: {Settings(replaced)}.";
    }

    /// <summary>The paper's preset layer of the data (<see cref="ConversationDataset.Identity"/>); empty for unknown data.</summary>
    public static JsonObject For(ConversationDataset data) => For(data.Identity);

    /// <summary>The dataset's own layer under an input preset: what the dataset is rather than what suits its features (the
    /// speakers a dialogue has; the batch size of the paper's scripts, which every measured row of docs/results.md kept),
    /// and SynthERC's whole preset (its input is its own). Empty for null or unknown.</summary>
    public static JsonObject DatasetLayer(string? identity)
    {
        if (identity == DatasetIdentity.SynthErc) return For(identity);
        var paper = For(identity);
        var layer = new JsonObject();
        foreach (var key in new[] { "batchSize", "maxSpeakers" })
            if (paper[key] is { } v) layer[key] = v.DeepClone();
        return layer;
    }

    /// <summary>The paper's preset layer of a dataset identity (<see cref="DatasetIdentity"/>); empty for null or unknown.</summary>
    public static JsonObject For(string? identity)
    {
        if (identity == DatasetIdentity.SynthErc)
            return new JsonObject
            {
                ["hidden"] = 96, ["heads"] = 4, ["epochs"] = 20, ["batchSize"] = 16, ["lr"] = 1e-3, ["dropout"] = 0.2,
            };
        if (identity == DatasetIdentity.Iemocap)
            return new JsonObject { ["batchSize"] = 16, ["epochs"] = 150, ["lr"] = 1e-4, ["maxSpeakers"] = 2 };
        if (identity == DatasetIdentity.Meld)
            return new JsonObject { ["batchSize"] = 32, ["epochs"] = 50, ["lr"] = 5e-6, ["maxSpeakers"] = 9 };
        return new JsonObject();
    }

    /// <summary>"hidden 96, heads 4, epochs 20, …": the preset's values, written from the layer itself so the message cannot drift from it.</summary>
    public static string Settings(JsonObject layer) =>
        string.Join(", ", layer.Select(kv => $"{Words(kv.Key)} {(kv.Value is JsonValue v && v.TryGetValue<string>(out var text) ? text : kv.Value!.ToJsonString())}"));

    private static string Words(string camelKey) =>
        string.Concat(camelKey.Select(c => char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>The values <see cref="SureConfig.Preset"/> takes: a <see cref="DatasetIdentity"/>, <see cref="Paper"/> or <see cref="None"/>.</summary>
    public static readonly IReadOnlyList<string> Names = [.. DatasetIdentity.All, Paper, None];

    /// <summary><see cref="SureConfig.Preset"/> value for the paper's architecture and the paper's per-dataset training values
    /// (<see cref="For(string?)"/>) whatever the input, instead of the preset of the input's kind; the dataset is what the
    /// loader recognised.</summary>
    public const string Paper = "paper";

    /// <summary><see cref="SureConfig.Preset"/> value for "no known dataset": no preset, no automatic class weighting,
    /// whatever the loader recognised.</summary>
    public const string None = "none";

    /// <summary>The data's identity once the configuration's <see cref="SureConfig.Preset"/> is applied: the preset when
    /// set (null for <see cref="None"/>), the loader's otherwise.</summary>
    public static string? IdentityOf(string? preset, string? loaded) => preset is null or Paper ? loaded : preset == None ? null : preset;

    /// <summary>True when the data is IEMOCAP by its <see cref="ConversationDataset.Identity"/>.</summary>
    public static bool IsIemocap(ConversationDataset d) => d.Identity == DatasetIdentity.Iemocap;

    /// <summary>True when the data is MELD by its <see cref="ConversationDataset.Identity"/>.</summary>
    public static bool IsMeld(ConversationDataset d) => d.Identity == DatasetIdentity.Meld;
}
