using System.Diagnostics;
using Sure.Configuration;
using Sure.Reporting;

namespace Sure.Experiments;

/// <summary>
/// Runs an experiment grid, resumably, alone or as one of several shards sharing the output folder. A run whose folder
/// already holds a complete result.json is never run again; every other run (no folder, or a folder left by a killed
/// run) is claimed (<see cref="RunClaim"/>) and handed to <c>runOne(config, runDir, ct)</c>, which trains and writes
/// the run folder and resumes from its own checkpoint when there is one. A run another live process holds is left to
/// it: once through its runs, the runner waits for those to complete and takes over any whose claim goes stale. A
/// failing run is recorded and the others go on. Run alone (no shard), the runner rewrites table.json and table.md
/// after the runs (also after a cancellation or a crash) from all complete result.json files, with the commands of
/// every invocation (the caller passes its command line); a shard writes no table, <see cref="WriteTable"/> does once
/// the shards are done.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>How long a claim lives without renewal (its owner renews it every third of this while it runs).</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(15);

    public static ExperimentSummary Run(
        ExperimentGrid grid,
        Func<SureConfig, string, CancellationToken, RunOutcome> runOne,
        IProgress<ExperimentProgress>? progress = null,
        string? commandLine = null,
        bool stopOnFirstFailure = false,
        CancellationToken cancellationToken = default,
        ExperimentShard? shard = null,
        TimeSpan? lease = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(runOne);
        Directory.CreateDirectory(grid.OutDir);
        var order = (shard ?? ExperimentShard.Whole).Order(grid.Runs.Count).ToList();
        var who = shard is null ? "experiment" : $"experiment shard {shard}";
        var claimLease = lease ?? DefaultLease;
        int skipped = 0, ran = 0, heldElsewhere = 0;
        var failures = new List<(ExperimentRun, string)>();
        (ResultTable Table, string Json, string Markdown)? written = null;

        // One attempt at one run.
        Attempted Attempt(int position)
        {
            var run = grid.Runs[order[position]];
            void Report(ExperimentPhase phase, TimeSpan elapsed, string? message = null) =>
                progress?.Report(new ExperimentProgress(position, order.Count, run, phase, elapsed, message));
            if (RunResult.IsComplete(run.RunDir))
            {
                Report(ExperimentPhase.Skipped, TimeSpan.Zero);
                return Attempted.AlreadyComplete;
            }
            using var claim = RunClaim.TryTake(run.RunDir, claimLease, who);
            if (claim is null)
            {
                Report(ExperimentPhase.HeldElsewhere, TimeSpan.Zero);
                return Attempted.Held;
            }
            if (RunResult.IsComplete(run.RunDir)) // finished by its previous owner between the check and the claim
            {
                Report(ExperimentPhase.Skipped, TimeSpan.Zero);
                return Attempted.AlreadyComplete;
            }
            Report(ExperimentPhase.Started, TimeSpan.Zero);
            var sw = Stopwatch.StartNew();
            RunOutcome outcome;
            using var runToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, claim.Lost);
            try
            {
                outcome = runOne(run.Config, run.RunDir, runToken.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                outcome = RunOutcome.Failed(claim.Lost.IsCancellationRequested
                    ? "another process took the run over (this one had not renewed its claim in time)."
                    : e.Message);
            }
            ran++;
            if (outcome.Status == RunStatus.Completed && RunResult.TryRead(run.RunDir, out var problem) is null)
                outcome = RunOutcome.Failed($"the run reported success but its result.json is not complete ({problem}).");
            if (outcome.Status == RunStatus.Completed)
            {
                Report(ExperimentPhase.Completed, sw.Elapsed);
                return Attempted.Ran;
            }
            var message = outcome.Message ?? "failed";
            failures.Add((run, message));
            Report(ExperimentPhase.Failed, sw.Elapsed, message);
            return Attempted.Ran;
        }

        try
        {
            var held = new List<int>();
            for (int position = 0; position < order.Count && !(stopOnFirstFailure && failures.Count > 0); position++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var attempted = Attempt(position);
                if (attempted == Attempted.AlreadyComplete) skipped++;
                else if (attempted == Attempted.Held) held.Add(position);
            }
            // Runs other processes hold: wait until they are complete, or take them over once their claim goes stale
            // (owner gone or lease run out), so a killed shard's runs get done while one process is left.
            var poll = TimeSpan.FromTicks(Math.Clamp(claimLease.Ticks / 30, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond * 30));
            while (held.Count > 0 && !(stopOnFirstFailure && failures.Count > 0))
            {
                if (cancellationToken.WaitHandle.WaitOne(poll)) cancellationToken.ThrowIfCancellationRequested();
                var stillHeld = new List<int>();
                foreach (var position in held)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var attempted = Attempt(position);
                    if (attempted == Attempted.AlreadyComplete) heldElsewhere++; // completed by the process that held it
                    else if (attempted == Attempted.Held) stillHeld.Add(position);
                }
                held = stillHeld;
            }
        }
        finally
        {
            if (shard is null)
            {
                written = WriteTable(grid, commandLine);
            }
        }
        var table = written?.Table ?? ResultTable.FromGrid(grid, ResultTable.ReadCommands(grid.OutDir));
        return new ExperimentSummary(skipped, ran, failures, table, written?.Json, written?.Markdown) { HeldElsewhere = heldElsewhere };
    }

    private enum Attempted { AlreadyComplete, Held, Ran }

    /// <summary>
    /// Writes table.json and table.md from the grid's complete runs, with the commands of earlier invocations (read from
    /// table.json) and <paramref name="commandLine"/> when it is not the last of them.
    /// </summary>
    public static (ResultTable Table, string Json, string Markdown) WriteTable(ExperimentGrid grid, string? commandLine)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Directory.CreateDirectory(grid.OutDir);
        var commands = ResultTable.ReadCommands(grid.OutDir).ToList();
        if (!string.IsNullOrWhiteSpace(commandLine) && (commands.Count == 0 || commands[^1] != commandLine)) commands.Add(commandLine);
        var table = ResultTable.FromGrid(grid, commands);
        var (json, markdown) = table.Write(grid.OutDir);
        return (table, json, markdown);
    }
}
