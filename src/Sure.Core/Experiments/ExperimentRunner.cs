using System.Diagnostics;
using Sure.Configuration;
using Sure.Reporting;

namespace Sure.Experiments;

/// <summary>
/// Runs an experiment grid, resumably. A run whose folder already holds a complete result.json is never run again;
/// every other run (no folder, or a folder left by a killed run) is handed to <c>runOne(config, runDir, ct)</c>, which
/// trains and writes the run folder and resumes from its own checkpoint when there is one. A failing run is recorded
/// and the others go on. After the runs (also after a cancellation or a crash) table.json and table.md are rewritten
/// from all complete result.json files, with the commands of every invocation (the caller passes its command line).
/// </summary>
public static class ExperimentRunner
{
    public static ExperimentSummary Run(
        ExperimentGrid grid,
        Func<SureConfig, string, CancellationToken, RunOutcome> runOne,
        IProgress<ExperimentProgress>? progress = null,
        string? commandLine = null,
        bool stopOnFirstFailure = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(runOne);
        Directory.CreateDirectory(grid.OutDir);
        var commands = ResultTable.ReadCommands(grid.OutDir).ToList();
        if (!string.IsNullOrWhiteSpace(commandLine) && (commands.Count == 0 || commands[^1] != commandLine)) commands.Add(commandLine);

        int skipped = 0, ran = 0;
        var failures = new List<(ExperimentRun, string)>();
        ResultTable? table = null;
        (string Json, string Markdown) paths = default;
        try
        {
            for (int i = 0; i < grid.Runs.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var run = grid.Runs[i];
                if (RunResult.IsComplete(run.RunDir))
                {
                    skipped++;
                    progress?.Report(new ExperimentProgress(i, grid.Runs.Count, run, ExperimentPhase.Skipped, TimeSpan.Zero));
                    continue;
                }
                Directory.CreateDirectory(run.RunDir);
                progress?.Report(new ExperimentProgress(i, grid.Runs.Count, run, ExperimentPhase.Started, TimeSpan.Zero));
                var sw = Stopwatch.StartNew();
                RunOutcome outcome;
                try
                {
                    outcome = runOne(run.Config, run.RunDir, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e)
                {
                    outcome = RunOutcome.Failed(e.Message);
                }
                ran++;
                if (outcome.Status == RunStatus.Completed && RunResult.TryRead(run.RunDir, out var problem) is null)
                    outcome = RunOutcome.Failed($"the run reported success but its result.json is not complete ({problem}).");
                if (outcome.Status == RunStatus.Completed)
                {
                    progress?.Report(new ExperimentProgress(i, grid.Runs.Count, run, ExperimentPhase.Completed, sw.Elapsed));
                }
                else
                {
                    var message = outcome.Message ?? "failed";
                    failures.Add((run, message));
                    progress?.Report(new ExperimentProgress(i, grid.Runs.Count, run, ExperimentPhase.Failed, sw.Elapsed, message));
                    if (stopOnFirstFailure) break;
                }
            }
        }
        finally
        {
            table = ResultTable.FromGrid(grid, commands);
            paths = table.Write(grid.OutDir);
        }
        return new ExperimentSummary(skipped, ran, failures, table, paths.Json, paths.Markdown);
    }
}
