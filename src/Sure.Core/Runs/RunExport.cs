using Sure.Inference;

namespace Sure.Runs;

/// <summary>
/// Writes the model file of a run made before runs wrote one (<c>sure export</c>): the model is rebuilt from the run's
/// checkpoint and its training data, whose front ends are fitted again (<see cref="RunCheckpoint"/>); the run's metrics
/// (result.json) and command line go into the manifest.
/// </summary>
public static class RunExport
{
    /// <param name="checkpoint">a run folder, or a .pt checkpoint inside one.</param>
    /// <param name="outPath">where to write the model file; null: <c>runDir/model.sure</c>.</param>
    /// <param name="cacheDir">Sure's cache folder for text features; null for the per-user default.</param>
    /// <param name="classes">the data's class names, comma-separated, instead of the run's; null for the run's.</param>
    /// <param name="frontEnds">the front ends the application registered.</param>
    /// <returns>the model file's path.</returns>
    public static string Write(string checkpoint, string? outPath = null, string? cacheDir = null, string? classes = null, FrontEnds.FrontEndCatalog? frontEnds = null)
    {
        using var run = RunCheckpoint.Open(checkpoint, dataOverride: null, cacheDir, classes, frontEnds);
        var result = Reporting.RunResult.TryRead(run.RunDir, out _);
        var commandPath = Path.Combine(run.RunDir, "command.txt");
        var command = File.Exists(commandPath) ? File.ReadAllText(commandPath).Trim() : null;
        outPath ??= Path.Combine(run.RunDir, ModelFile.FileName);
        ModelFile.Write(outPath, ModelFile.Create(run.Config, run.Info, IO.TensorData.FromModule(run.Model), run.Data, result, command, run.Inputs.Vocabulary));
        return outPath;
    }
}
