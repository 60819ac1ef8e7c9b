using System.Text.Json;
using Sure.Configuration;
using Sure.IO;
using Sure.Model;
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
    public const string HistoryFile = TrainingHistory.FileName;
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

    /// <summary>Writes history.json (<see cref="TrainingHistory.Write"/>).</summary>
    public static void WriteHistory(string runDir, IReadOnlyList<EpochRecord> history) => TrainingHistory.Write(runDir, history);

    /// <summary>Reads history.json from a run folder, or the file itself (<see cref="TrainingHistory.Read"/>).</summary>
    public static EpochRecord[] ReadHistory(string runDir) => TrainingHistory.Read(runDir);

    public static void WriteReport(string runDir, string markdown) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, ReportFile), markdown);
}
