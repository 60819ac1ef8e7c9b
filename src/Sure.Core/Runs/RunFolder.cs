using System.Text.Json;
using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.IO;
using Sure.Training;

namespace Sure.Runs;

/// <summary>
/// The files of a run folder: config.json (everything needed to reproduce the run), inputs.json (its input files'
/// hashes, <see cref="RunInputs"/>), model.json (what the
/// checkpoint needs to be rebuilt), history.json, trainer_state.json and checkpoints, result.json, report.md.
/// </summary>
public static class RunFolder
{
    public const string ConfigFile = "config.json";
    public const string ModelFile = "model.json";
    public const string HistoryFile = "history.json";
    public const string ResultFile = "result.json";
    public const string ReportFile = "report.md";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string DefaultFor(string datasetName, DateTime now) =>
        Path.Combine("runs", $"{Sanitize(datasetName)}-{now:yyyyMMdd-HHmmss}");

    public static string Sanitize(string s) => string.Concat(s.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    /// <summary>Writes config.json with the data and word-vector paths made absolute, so the run folder works from any
    /// working directory, and records those files' contents in <see cref="RunInputs.FileName"/> (see <see cref="RunInputs"/>).</summary>
    public static void WriteConfig(string runDir, SureConfig config)
    {
        config = RunInputs.Absolute(config);
        AtomicFile.WriteAllText(Path.Combine(runDir, ConfigFile), config.ToJson());
        RunInputs.Write(runDir, config);
    }

    public static SureConfig ReadConfig(string runDir)
    {
        var path = Path.Combine(runDir, ConfigFile);
        if (!File.Exists(path)) throw new Errors.SureUserException($"{runDir}: not a run folder (no {ConfigFile}).");
        return SureConfig.FromJson(File.ReadAllText(path), path);
    }

    public static void WriteModelInfo(string runDir, ModelInfo info) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, ModelFile), JsonSerializer.Serialize(info, Indented));

    public static ModelInfo ReadModelInfo(string runDir)
    {
        var path = Path.Combine(runDir, ModelFile);
        if (!File.Exists(path)) throw new Errors.SureUserException($"{runDir}: no {ModelFile}; the checkpoint cannot be rebuilt.");
        try
        {
            return JsonSerializer.Deserialize<ModelInfo>(File.ReadAllText(path)) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new Errors.SureUserException($"{path}: corrupt ({e.Message}).");
        }
    }

    public static void WriteHistory(string runDir, IReadOnlyList<EpochRecord> history) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, HistoryFile), JsonSerializer.Serialize(history, Indented));

    public static EpochRecord[] ReadHistory(string runDir)
    {
        var path = Directory.Exists(runDir) ? Path.Combine(runDir, HistoryFile) : runDir;
        return JsonSerializer.Deserialize<EpochRecord[]>(File.ReadAllText(path)) ?? [];
    }

    public static void WriteResult(string runDir, JsonObject result) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, ResultFile), result.ToJsonString(Indented));

    public static void WriteReport(string runDir, string markdown) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, ReportFile), markdown);
}

/// <summary>What is needed besides config.json to rebuild a checkpoint: the input dims (t, a, v) and the class names.</summary>
/// <param name="Dims">the model's input dims (t, a, v); with an end-to-end text encoder, the text dim is its output size.</param>
/// <param name="TextEmbeddingDim">word-vector size of the end-to-end text encoder (0 when text features are given).</param>
public sealed record ModelInfo(string Dataset, int[] Dims, string[] ClassNames, long Parameters, int TextEmbeddingDim = 0);
