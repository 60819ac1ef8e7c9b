namespace Sure.Experiments;

/// <summary>What <see cref="ExperimentRunner.Run"/> did: runs skipped (already complete), run now, failed, and the table written.</summary>
public sealed record ExperimentSummary(
    int Skipped,
    int Ran,
    IReadOnlyList<(ExperimentRun Run, string Message)> Failures,
    ResultTable Table,
    string TableJsonPath,
    string TableMarkdownPath)
{
    public bool AllComplete => Failures.Count == 0 && Table.RunsComplete == Table.RunsExpected;
}
