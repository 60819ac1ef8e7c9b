namespace Sure.Experiments;

/// <summary>
/// What <see cref="ExperimentRunner.Run"/> did: runs skipped (already complete), run now, failed, left to another process
/// that holds them, and the table (written only when the grid ran in one process: the paths are null for a shard).
/// </summary>
public sealed record ExperimentSummary(
    int Skipped,
    int Ran,
    IReadOnlyList<(ExperimentRun Run, string Message)> Failures,
    ResultTable Table,
    string? TableJsonPath,
    string? TableMarkdownPath)
{
    /// <summary>Runs another live process held when this one came to them, and completed (see <see cref="RunClaim"/>).</summary>
    public int HeldElsewhere { get; init; }

    public bool AllComplete => Failures.Count == 0 && Table.RunsComplete == Table.RunsExpected;
}
