using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Data;
using Sure.FrontEnds;

namespace Sure.Loading;

/// <summary>
/// The preset a run starts from, chosen by the kind of its input, not by the dataset's name: given sentence vectors, a
/// front end's vectors (each <see cref="IFrontEndKind.Preset"/>), the end-to-end text encoder. Layered as defaults ←
/// the dataset's own facts (<see cref="Presets.DatasetLayer"/>) ← the input's preset ← a --config file ← the command line.
/// <c>preset: paper</c> gives the paper's architecture and per-dataset values instead (<see cref="Presets.For(string?)"/>);
/// <c>preset: none</c> gives the bare defaults; SynthERC keeps its own preset.
/// </summary>
public static class InputPresets
{
    /// <summary>Given sentence vectors (the data's own, or a frozen pretrained encoder's): SURE with the residual paths
    /// that let it learn from them (docs/model.md), the settings measured in docs/results.md.</summary>
    public static InputPreset GivenVectors { get; } = new("given vectors", new JsonObject
    {
        ["hidden"] = 256, ["heads"] = 4, ["epochs"] = 20, ["lr"] = 5e-4, ["dropout"] = 0.3,
        ["residual"] = true, ["memorySkip"] = true, ["lrSchedule"] = "cosine",
    }, "docs/results.md, \"Presets by input\"");

    /// <summary>The preset layer of the run and the line that tells the user about it (null when there is none).</summary>
    public sealed record Choice(JsonObject Layer, string? Note);

    /// <summary>The preset for <paramref name="data"/> loaded with <paramref name="config"/> (its <see cref="SureConfig.Preset"/>
    /// and <see cref="SureConfig.Modalities"/>); <paramref name="overrides"/> are the user's layers, named in the note where
    /// they replace a preset value.</summary>
    public static Choice Choose(LoadedData data, SureConfig config, params JsonObject?[] overrides)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        var identity = data.Dataset.Identity;
        if (config.Preset == Presets.None) return new(new JsonObject(), null);
        if (config.Preset == Presets.Paper || identity == DatasetIdentity.SynthErc)
        {
            var paper = Presets.For(identity);
            var note = Presets.Describe(data.Dataset, overrides);
            if (note is null && config.Preset == Presets.Paper)
                note = "Paper preset: the paper's architecture and defaults (this data is not a dataset with the paper's own training values).";
            return config.Preset == Presets.Paper ? new(paper, note) : ForCausal(paper, note, config, overrides);
        }
        var input = Of(data, config);
        var facts = Presets.DatasetLayer(identity);
        var layer = facts.DeepClone().AsObject();
        foreach (var (key, value) in input.Settings) layer[key] = value?.DeepClone();
        var dataset = facts.Count > 0
            ? $"; {identity!.ToUpperInvariant()}: {Presets.Settings(facts)}{(Presets.IsIemocap(data.Dataset) ? ", class weights from training frequencies" : "")}"
            : "";
        var line = $"Preset for {input.Input}: {Presets.Settings(input.Settings)}{dataset} ({input.Evidence}; preset paper for the paper's values).";
        return ForCausal(layer, Presets.WithReplaced(line, layer, overrides), config, overrides);
    }

    /// <summary>The switches a causal SURE needs to learn the utterance's own content, on in every preset but the paper's
    /// (docs/model.md, "Why the causal SURE under-learned"; SynthERC: 65 → 69.6 test accuracy over 5 seeds).</summary>
    public static JsonObject CausalSwitches { get; } = new() { ["residual"] = true, ["memorySkip"] = true };

    /// <summary><paramref name="layer"/> with <see cref="CausalSwitches"/> added when the run is a causal SURE model, and a
    /// line that says so (and which of them the user's layers replace).</summary>
    private static Choice ForCausal(JsonObject layer, string? note, SureConfig config, JsonObject?[] overrides)
    {
        if (config is not { Model: "sure", Context: ContextMode.Causal }) return new(layer, note);
        var added = new JsonObject();
        foreach (var (key, value) in CausalSwitches)
            if (layer[key] is not JsonValue v || !v.TryGetValue<bool>(out var on) || !on)
            {
                layer[key] = value?.DeepClone();
                added[key] = value?.DeepClone();
            }
        if (added.Count == 0) return new(layer, note);
        var line = Presets.WithReplaced($"Causal SURE: {Presets.Settings(added)} (the switches a causal model needs to learn each utterance's content, docs/model.md; preset paper for the paper's architecture).", added, overrides);
        return new(layer, note is null ? line : $"{note} {line}");
    }

    /// <summary>What the run's first modality (text, then audio, then visual, among <see cref="SureConfig.Modalities"/> that
    /// the data has) is made of, and so its preset.</summary>
    public static InputPreset Of(LoadedData data, SureConfig config)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        var wanted = Modalities.Parse(config.Modalities);
        var dims = data.InputDims;
        var present = Modalities.All.Where(m => dims[(int)m] > 0).ToArray();
        var chosen = wanted.Where(present.Contains).ToArray();
        var first = Modalities.All.FirstOrDefault(m => (chosen.Length > 0 ? chosen : present).Contains(m));
        if (first == Modality.Text && data.TextEncoder is not null) return Text.EndToEndText.Preset;
        foreach (var (kind, _) in data.FittedWith)
            if (kind.Modality == first) return kind.Preset ?? GivenVectors.For(kind.Kind);
        return GivenVectors;
    }
}
