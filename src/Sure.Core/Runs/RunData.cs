using Sure.Configuration;
using Sure.Errors;
using Sure.Inference;
using Sure.Loading;

namespace Sure.Runs;

/// <summary>
/// The labelled data a run folder's model is scored on (<c>sure eval</c>, <c>sure explain</c>): the run's own data
/// (config.json's, checked against what the run recorded) or other data, read as its files give it, with no front end
/// fitted: the model file's front ends make those vectors (<see cref="SurePredictor.Evaluate"/>).
/// </summary>
public static class RunData
{
    /// <summary>The run configuration (config.json) of the run folder of <paramref name="runOrCheckpoint"/> (a run folder, or a file in one).</summary>
    public static SureConfig ReadConfig(string runOrCheckpoint) => RunFolder.ReadConfig(RunDirOf(runOrCheckpoint));

    /// <summary>The run folder of <paramref name="runOrCheckpoint"/>: itself, or the folder of a file in one.</summary>
    public static string RunDirOf(string runOrCheckpoint) =>
        Directory.Exists(runOrCheckpoint) ? runOrCheckpoint : Path.GetDirectoryName(Path.GetFullPath(runOrCheckpoint))!;

    /// <summary>Reads the data to score <paramref name="predictor"/> (the run's model) on, and the run's configuration with
    /// <paramref name="dataOverride"/> and <paramref name="classes"/> applied.</summary>
    /// <param name="dataOverride">other data (the same classes, and feature sizes for the modalities given as vectors); null for the run's.</param>
    /// <param name="classes">the data's class names, comma-separated, instead of the run's; null for the run's.</param>
    public static (SureConfig Config, LoadedData Data) Load(string runOrCheckpoint, SurePredictor predictor, string? dataOverride = null, string? classes = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        var runDir = RunDirOf(runOrCheckpoint);
        var config = RunFolder.ReadConfig(runDir);
        RunInputs.Check(runDir, config, data: dataOverride is null, glove: false); // the model file holds the word vectors it uses
        if (dataOverride is not null) config = config with { Data = dataOverride };
        if (classes is not null) config = config with { Classes = classes };
        var data = DataSource.LoadLabelled(config.Validate(), log);
        if (data.Dataset.ClassCount != predictor.ClassNames.Count)
            throw new SureUserException($"{config.Data ?? data.Dataset.Name}: {data.Dataset.ClassCount} classes, but the model was trained on {predictor.ClassNames.Count} ({string.Join(", ", predictor.ClassNames)}).");
        return (config, data);
    }
}
