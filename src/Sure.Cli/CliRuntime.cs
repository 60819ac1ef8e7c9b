using Sure.Runs;

namespace Sure.Cli;

/// <summary>
/// The process-wide settings the command line owns. Library code never changes libtorch's thread count (it is
/// process-wide): each command sets it here, once, from its <c>--threads</c> (or the run's <c>threads</c> setting),
/// before it loads data, trains or opens a model.
/// </summary>
public static class CliRuntime
{
    /// <summary>Sets libtorch's intra-op thread count; 0 leaves libtorch's default (all cores).</summary>
    public static void UseThreads(int threads)
    {
        if (threads > 0 && TorchSharp.torch.get_num_threads() != threads) TorchSharp.torch.set_num_threads(threads);
    }

    /// <summary>Sets the thread count a run folder (or a checkpoint inside one) was trained with, so that evaluating it
    /// reloads its data as training did; nothing when the folder has no configuration.</summary>
    public static void UseThreadsOfRun(string checkpoint)
    {
        var runDir = Directory.Exists(checkpoint) ? checkpoint : File.Exists(checkpoint) ? Path.GetDirectoryName(Path.GetFullPath(checkpoint)) : null;
        if (runDir is not null && File.Exists(Path.Combine(runDir, RunFolder.ConfigFile))) UseThreads(RunFolder.ReadConfig(runDir).Threads);
    }
}
