using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Sure.Configuration;
using Sure.Data;
using Sure.Experiments;
using Sure.Reporting;
using Sure.Runs;
using Sure.Loading;

namespace Sure.Cli.Commands;

/// <summary>
/// <c>sure experiment</c>: a grid of variants × seeds (× corruption rates on SynthERC) on one dataset, resumable
/// (finished runs are never redone), with table.md / table.json of mean ± std and, across corruption rates, an
/// accuracy-versus-corruption figure. With <c>--cv</c>, every (variant, seed) runs once per fold of a group-wise
/// cross-validation (docs/cross-validation.md).
/// </summary>
public static class ExperimentCommand
{
    public static Command Create()
    {
        var cmd = new Command("experiment", "Run variants × seeds (Tables 2/3 of the paper, properly): resumable, with a mean ± std table.");
        var options = new ConfigOptions();
        options.AddTo(cmd);
        var variantsOpt = new Option<string>("--variants") { Description = "Comma-separated variants: full, no-moe, no-reasoning, softmax, causal, no-sampling, sum-heads, residual, the models sure, linear, mlp, bigru, bigru-causal, any of t,a,v,ta,tv,av,tav, or name:key=value;key=value overrides (e.g. lr-high:lr=1e-3;model=bigru).", DefaultValueFactory = _ => "full" };
        var seedsOpt = new Option<string>("--seeds") { Description = "N seeds from --seed on (e.g. 3), or a list (1,7,42) or a range (2..4).", DefaultValueFactory = _ => "3" };
        var corrOpt = new Option<string>("--corruptions") { Description = "SynthERC: also cross every variant with these corruption rates (e.g. 0.1,0.3,0.5); adds an accuracy-vs-corruption figure." };
        var outOpt = new Option<string>("--out") { Description = "Experiment folder (default: runs/experiment-<dataset>-<time>); rerun with the same --out to resume." };
        var shardOpt = new Option<string>("--shard") { Description = "K/N (0 ≤ K < N): run shard K's share of the grid, then help with runs no other process holds; N processes over one shared --out run the grid once. Writes no table: see --collect. Needs --out." };
        var collectOpt = new Option<bool>("--collect") { Description = "Run nothing: write table.md / table.json from the complete runs in --out (after the shards)." };
        var cvOpt = new Option<string>("--cv") { Description = "Group-wise cross-validation instead of the data's splits: speaker (leave one speaker out), speaker:K (K folds by speaker, balanced by utterances), dialogue[:K], session[:K] (IEMOCAP's SesNN id prefix). One run per fold (variant/seed-k/fold-i); the table adds pooled metrics and a line per fold." };
        cmd.Options.Add(variantsOpt);
        cmd.Options.Add(seedsOpt);
        cmd.Options.Add(corrOpt);
        cmd.Options.Add(outOpt);
        cmd.Options.Add(shardOpt);
        cmd.Options.Add(collectOpt);
        cmd.Options.Add(cvOpt);
        cmd.SetAction(parse =>
        {
            var shard = parse.GetValue(shardOpt) is { } shardText ? ExperimentShard.Parse(shardText) : null;
            bool collect = parse.GetValue(collectOpt);
            if (shard is not null && collect) throw new Errors.SureUserException("--shard and --collect go in separate invocations: the shards first, then one --collect.");
            if ((shard is not null || collect) && parse.GetValue(outOpt) is null)
                throw new Errors.SureUserException($"{(collect ? "--collect" : "--shard")} needs --out: the experiment folder the shards share.");
            var (baseConfig, data) = TrainCommand.Resolve(parse, options);
            var outDir = parse.GetValue(outOpt) ?? Path.Combine("runs", $"experiment-{RunFolder.Sanitize(data.Dataset.Name)}-{DateTime.Now:yyyyMMdd-HHmmss}");
            var variants = VariantParser.Parse(parse.GetValue(variantsOpt)!).ToList();
            var rates = ParseRates(parse.GetValue(corrOpt));
            if (rates.Count > 0)
            {
                if (baseConfig.Data is not null) throw new Errors.SureUserException("--corruptions applies to SynthERC only (no --data).");
                variants = [.. variants.SelectMany(v => rates.Select(r => new Variant($"{v.Name}@c{r.ToString(CultureInfo.InvariantCulture)}", $"{v.Description}, corruption {r}",
                    c => v.Apply(c) with { Synth = v.Apply(c).Synth with { TextCorruption = r, AudioCorruption = r, VisualCorruption = r } })))];
            }
            var cv = parse.GetValue(cvOpt) is { } cvText ? CvGrouping.Parse(cvText) : null;
            var plan = cv is null ? null : CvPlan.Create(data.Dataset, cv);
            var grid = ExperimentGrid.Create(baseConfig, variants, SeedList.Parse(parse.GetValue(seedsOpt)!, baseConfig.Seed), outDir, cv, plan?.Count ?? 0);
            // Shards and --collect record the grid's command, so the table of a sharded experiment is the table of one process.
            var command = GridCommand(CommandLine.Args);
            if (collect)
            {
                var (collected, jsonPath, mdPath) = ExperimentRunner.WriteTable(grid, command);
                if (rates.Count > 0) WriteCorruptionFigure(grid, outDir);
                System.Console.WriteLine(File.ReadAllText(mdPath));
                TrainCommand.Say($"{collected.RunsComplete} of {collected.RunsExpected} runs complete. Wrote {mdPath} and {jsonPath}.");
                return collected.RunsComplete == collected.RunsExpected ? 0 : 1;
            }
            TrainCommand.Say($"{(shard is null ? "" : $"Shard {shard}: ")}{grid.Runs.Count} runs ({variants.Count} variants × {grid.Seeds.Count} seeds{(plan is null ? "" : $" × {plan.Count} folds")}) on {data.Dataset.Name} into {outDir}.");
            if (plan is not null) SayPlan(plan, baseConfig);

            var summary = RunGrid(grid, baseConfig, data, command, options.CacheDirOf(parse), shard);
            TrainCommand.Say($"{summary.Ran} runs done now, {summary.Skipped} already complete, {(summary.HeldElsewhere > 0 ? $"{summary.HeldElsewhere} held by other processes, " : "")}{summary.Failures.Count} failed.");
            foreach (var (run, message) in summary.Failures) System.Console.Error.WriteLine($"failed: {run.Label}: {message}");
            if (summary.TableMarkdownPath is null)
            {
                TrainCommand.Say($"Shard {shard}: done. When every shard is done, write the table with: {command} --collect");
                return summary.Failures.Count == 0 ? 0 : 1;
            }
            if (rates.Count > 0) WriteCorruptionFigure(grid, outDir);
            System.Console.WriteLine(File.ReadAllText(summary.TableMarkdownPath));
            TrainCommand.Say($"Wrote {summary.TableMarkdownPath} and {summary.TableJsonPath}.");
            return summary.Failures.Count == 0 ? 0 : 1;
        });
        return cmd;
    }

    /// <summary>Says how the folds were made, and that the data's own splits are ignored.</summary>
    private static void SayPlan(CvPlan plan, SureConfig baseConfig)
    {
        int groups = plan.GroupUtterances.Count;
        TrainCommand.Say($"Cross-validation, {plan.Grouping.Describe()}: {groups} {plan.Grouping.Noun(groups)} in {plan.Count} folds; the data's own train/valid/test split labels are ignored. "
            + $"Each fold tests its held-out {plan.Grouping.Noun(2)} and chooses its model on validation {plan.Grouping.Noun(2)} drawn by seed from the others (--valid-fraction {baseConfig.ValidFraction.ToString(CultureInfo.InvariantCulture)}).");
        for (int f = 0; f < plan.Count; f++)
            TrainCommand.Say($"  fold {f + 1}: {string.Join(", ", plan.FoldGroups[f])} ({plan.FoldGroups[f].Sum(g => plan.GroupUtterances[g])} utterances)");
        if (baseConfig.Glove is not null && Sure.Text.EndToEndText.IsSelected(baseConfig) && baseConfig.TextCnn.WarmStart)
            TrainCommand.Say("warning: the end-to-end text encoder's warm start is pre-trained on the data's own training split, which may hold a fold's test dialogues; fold scores can be optimistic (front ends that learn from labels, the GloVe TextCNN, the fine-tuned encoders and the log-mel CNN, are fitted again on each fold; pretrained sentence encoders, descriptors and given features are not affected).");
    }

    /// <summary>Runs (or resumes) every run of the grid (or a shard's, see <see cref="ExperimentRunner"/>), with a progress
    /// bar on a terminal and a line per run otherwise. The loaded dataset is reused (as a fresh copy of its splits) when a
    /// run's data settings are the base's.</summary>
    /// <param name="cacheDir">Sure's cache folder for the runs that load their own data (<see cref="DataSource.Load"/>).</param>
    public static ExperimentSummary RunGrid(ExperimentGrid grid, SureConfig baseConfig, LoadedData data, string command, string? cacheDir, ExperimentShard? shard = null)
    {
        // The loaded dataset is reused (as a fresh copy of its splits) when a run's data settings are the base's
        // (DataSource.SameData); otherwise the run loads its own (SynthERC with another corruption rate, other TextCNN settings, …).
        // Data loaded for one run only is released with it (the warm-start TextCNN of an end-to-end text encoder holds tensors).
        void Execute(SureConfig config, string runDir, string? variant, CancellationToken ct)
        {
            // a run that makes its own data (e.g. fine-tunes its own text encoder) says so, with its warnings, prefixed by the run
            var runData = DataSource.ForRun(config, baseConfig, data, m => TrainCommand.Say($"{variant} seed {config.Seed}: {m}"), cacheDir, CliFrontEnds.Catalog);
            try
            {
                TrainingRun.Execute(config, runData, runDir, new Cancellable(ct), variant, command, CliFigures.Run);
            }
            finally
            {
                if (runData.TextEncoder is { } te && !ReferenceEquals(te, data.TextEncoder)) te.Pretrained?.Dispose();
            }
        }

        var runsByDir = grid.Runs.ToDictionary(r => r.RunDir, StringComparer.Ordinal);
        RunOutcome RunOne(SureConfig config, string runDir, CancellationToken ct)
        {
            var run = runsByDir[runDir];
            var variant = run.Variant;
            try
            {
                Execute(config, runDir, variant, ct);
            }
            catch (Exception e) when (e is not Errors.SureUserException and not OperationCanceledException)
            {
                // A native failure mid-run (see docs/native-compat.md) costs at most the current epoch: resume once from the last checkpoint.
                System.Console.Error.WriteLine($"{run.Label}: {e.Message.Split('\n')[0]}; resuming from the last completed epoch.");
                Execute(config, runDir, variant, ct);
            }
            return RunOutcome.Completed;
        }

        ExperimentSummary summary = null!;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("experiment", maxValue: grid.Runs.Count);
                    summary = ExperimentRunner.Run(grid, RunOne, new Progress<ExperimentProgress>(p =>
                    {
                        task.Value = p.Index + (p.Phase == ExperimentPhase.Started ? 0 : 1);
                        task.Description = Markup.Escape($"{p.Run.Label}: {PhaseText(p.Phase)}");
                    }), command, shard: shard);
                });
        }
        else
        {
            summary = ExperimentRunner.Run(grid, RunOne, new SyncProgress(p =>
                System.Console.WriteLine($"[{p.Index + 1}/{p.Total}] {p.Run.Label}: {PhaseText(p.Phase)}{(p.Message is null ? "" : " " + p.Message)} ({p.Elapsed.TotalSeconds:F0} s)")), command, shard: shard);
        }
        return summary;
    }

    private static string PhaseText(ExperimentPhase phase) =>
        phase == ExperimentPhase.HeldElsewhere ? "held by another process" : phase.ToString().ToLowerInvariant();

    /// <summary>The command line without --shard K/N and --collect: what defines the grid.</summary>
    internal static string GridCommand(IReadOnlyList<string> args)
    {
        var kept = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--collect") continue;
            if (args[i] == "--shard") { i++; continue; }
            if (args[i].StartsWith("--shard=", StringComparison.Ordinal) || args[i].StartsWith("--collect=", StringComparison.Ordinal)) continue;
            kept.Add(args[i]);
        }
        return CommandLine.Format(kept);
    }

    /// <summary>Stops a run between batches once its token is cancelled (Ctrl+C, or its claim taken over).</summary>
    private sealed class Cancellable(CancellationToken ct) : Training.ITrainingObserver
    {
        public void OnBatch(int epoch, int batch, int batches) => ct.ThrowIfCancellationRequested();
    }

    private static List<double> ParseRates(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return [];
        var list = new List<double>();
        foreach (var part in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) || r < 0 || r > 1)
                throw new Errors.SureUserException($"--corruptions: '{part}' is not a probability in [0, 1].");
            list.Add(r);
        }
        return list;
    }

    private static void WriteCorruptionFigure(ExperimentGrid grid, string outDir)
    {
        var byBase = grid.Runs.GroupBy(r => r.Variant[..r.Variant.LastIndexOf("@c", StringComparison.Ordinal)]);
        var curves = new List<CorruptionCurve>();
        foreach (var g in byBase)
        {
            var points = new List<(double, double)>();
            foreach (var run in g)
            {
                if (RunResult.TryRead(run.RunDir, out _) is not { } result) continue;
                points.Add((run.Config.Synth.TextCorruption, result.Test.Accuracy));
            }
            if (points.Count > 0) curves.Add(CorruptionCurve.FromRuns(g.Key, points));
        }
        if (curves.Count == 0) return;
        FigureFonts.Ensure(CliFigures.Warn);
        var path = Figures.AccuracyVsCorruption(curves, Path.Combine(outDir, "accuracy-vs-corruption.png"), "Test accuracy vs corruption rate");
        TrainCommand.Say($"Wrote {path}.");
        var md = Path.Combine(outDir, ResultTable.MarkdownFileName);
        if (File.Exists(md) && !File.ReadAllText(md).Contains("accuracy-vs-corruption.png"))
            File.AppendAllText(md, "\n![Test accuracy vs corruption rate](accuracy-vs-corruption.png)\n");
    }

    private sealed class SyncProgress(Action<ExperimentProgress> action) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => action(value);
    }
}
