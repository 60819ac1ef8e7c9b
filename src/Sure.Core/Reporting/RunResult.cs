using Sure.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sure.Reporting;

/// <summary>
/// result.json of a run folder: the one typed record a run writes (<c>Sure.Runs.TrainingRun</c>) and everything reads
/// (experiments, tuning, reports, the model file's metrics). Metrics are percentages with 2 decimals. A result is
/// complete when it parses and has test and valid accuracy and weighted F1; anything else (missing, truncated,
/// fields missing) means the run has not finished. Files written before a field was recorded read with it null (or 0).
/// </summary>
public sealed record RunResult
{
    public const string FileName = "result.json";

    [JsonRequired] public string Dataset { get; init; } = "";
    /// <summary>"validation" or "paper" (best epoch chosen on the test split).</summary>
    [JsonRequired] public string Protocol { get; init; } = "validation";
    [JsonRequired] public int Seed { get; init; }
    /// <summary>The modalities the model read, e.g. "tav".</summary>
    public string? Modalities { get; init; }
    [JsonRequired] public SplitResult Test { get; init; } = null!;
    [JsonRequired] public SplitResult Valid { get; init; } = null!;
    public int BestEpoch { get; init; }
    public int EpochsRun { get; init; }
    public double TrainSeconds { get; init; }
    /// <summary>The model's trainable parameters.</summary>
    public long Parameters { get; init; }
    public string? Variant { get; init; }
    /// <summary>SynthERC only.</summary>
    public CeilingResult? Ceiling { get; init; }
    /// <summary>SynthERC only: the validation split's ceilings (absent in result.json files written before it).</summary>
    public CeilingResult? ValidCeiling { get; init; }
    /// <summary>Always answering the training split's most frequent class, scored on valid and test; null in result.json
    /// files written before it was recorded.</summary>
    public Evaluation.MajorityBaseline? MajorityBaseline { get; init; }
    /// <summary>What the user must know about the result (at or below the majority class, stopped while still
    /// improving); null in files written before warnings were recorded, empty when none applies.</summary>
    public List<string>? Warnings { get; init; }
    /// <summary>Cross-validated runs only (<c>sure experiment --cv</c>): the fold and the groups of its splits.</summary>
    public Sure.Reporting.CvFold? Cv { get; init; }
    /// <summary>Fine-tuned text encoder runs only (<c>--text-encoder minilm-ft|arctic-xs-ft</c>): its fine-tuning, and the
    /// encoder + head alone scored utterance by utterance (the text front end's fit report, "text_encoder").</summary>
    public Text.Bert.FineTuningReport? TextEncoder { get; init; }
    /// <summary>The fit reports of the other modalities' front ends ("audio_encoder", …), and any field this build does
    /// not know, kept as written.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Other { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ResultJson.Options);

    public static RunResult FromJson(string json) =>
        JsonSerializer.Deserialize<RunResult>(json, ResultJson.Options) ?? throw new JsonException("result.json is null.");

    /// <summary>Writes result.json atomically into <paramref name="runDir"/>; returns its path.</summary>
    public string Write(string runDir) => AtomicFile.WriteAllText(Path.Combine(runDir, FileName), ToJson());

    /// <summary>Reads <c>runDir/result.json</c>; null (with the reason) when it is missing or incomplete.</summary>
    public static RunResult? TryRead(string runDir, out string? problem)
    {
        var path = Path.Combine(runDir, FileName);
        problem = null;
        if (!File.Exists(path)) { problem = $"{path}: not found"; return null; }
        try
        {
            var r = FromJson(File.ReadAllText(path));
            if (r.Test is null || r.Valid is null) { problem = $"{path}: test or valid missing"; return null; }
            return r;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            problem = $"{path}: {e.Message}";
            return null;
        }
    }

    /// <summary>True when <c>runDir/result.json</c> exists and is complete.</summary>
    public static bool IsComplete(string runDir) => TryRead(runDir, out _) is not null;
}
