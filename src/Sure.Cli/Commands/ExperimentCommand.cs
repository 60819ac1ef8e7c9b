using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Sure.Configuration;
using Sure.Data;
using Sure.Experiments;
using Sure.Reporting;
using Sure.Runs;

namespace Sure.Cli.Commands;

/// <summary>
/// <c>sure experiment</c>: a grid of variants × seeds (× corruption rates on SynthERC) on one dataset, resumable
/// (finished runs are never redone), with table.md / table.json of mean ± std and, across corruption rates, an
/// accuracy-versus-corruption figure.
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
        cmd.Options.Add(variantsOpt);
        cmd.Options.Add(seedsOpt);
        cmd.Options.Add(corrOpt);
        cmd.Options.Add(outOpt);
        cmd.SetAction(parse =>
        {
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
            var grid = ExperimentGrid.Create(baseConfig, variants, SeedList.Parse(parse.GetValue(seedsOpt)!, baseConfig.Seed), outDir);
            var command = CommandLine.Current();
            TrainCommand.Say($"{grid.Runs.Count} runs ({variants.Count} variants × {grid.Seeds.Count} seeds) on {data.Dataset.Name} into {outDir}.");

            var summary = RunGrid(grid, baseConfig, data, command);
            if (rates.Count > 0) WriteCorruptionFigure(grid, outDir);
            TrainCommand.Say($"{summary.Ran} runs done now, {summary.Skipped} already complete, {summary.Failures.Count} failed.");
            foreach (var (run, message) in summary.Failures) System.Console.Error.WriteLine($"failed: {run.Variant} seed {run.Seed}: {message}");
            System.Console.WriteLine(File.ReadAllText(summary.TableMarkdownPath));
            TrainCommand.Say($"Wrote {summary.TableMarkdownPath} and {summary.TableJsonPath}.");
            return summary.Failures.Count == 0 ? 0 : 1;
        });
        return cmd;
    }

    /// <summary>Runs (or resumes) every run of the grid, with a progress bar on a terminal and a line per run otherwise.
    /// The loaded dataset is reused (as a fresh copy of its splits) when a run's data settings are the base's.</summary>
    public static ExperimentSummary RunGrid(ExperimentGrid grid, SureConfig baseConfig, LoadedData data, string command)
    {
        // The loaded dataset is reused (as a fresh copy of its splits) when a run's data settings are the base's
        // (DataSource.SameData); otherwise the run loads its own (SynthERC with another corruption rate, other TextCNN settings, …).
        // Data loaded for one run only is released with it (the warm-start TextCNN of an end-to-end text encoder holds tensors).
        void Execute(SureConfig config, string runDir, string? variant)
        {
            var runData = DataSource.ForRun(config, baseConfig, data);
            try
            {
                TrainingRun.Execute(config, runData, runDir, null, variant, command);
            }
            finally
            {
                if (runData.TextEncoder is { } te && !ReferenceEquals(te, data.TextEncoder)) te.Pretrained?.Dispose();
            }
        }

        RunOutcome RunOne(SureConfig config, string runDir, CancellationToken ct)
        {
            var variant = Path.GetFileName(Path.GetDirectoryName(runDir));
            try
            {
                Execute(config, runDir, variant);
            }
            catch (Exception e) when (e is not Errors.SureUserException and not OperationCanceledException)
            {
                // A native failure mid-run (see docs/native-compat.md) costs at most the current epoch: resume once from the last checkpoint.
                System.Console.Error.WriteLine($"{variant} seed {config.Seed}: {e.Message.Split('\n')[0]}; resuming from the last completed epoch.");
                Execute(config, runDir, variant);
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
                        task.Description = Markup.Escape($"{p.Run.Variant} seed {p.Run.Seed}: {p.Phase.ToString().ToLowerInvariant()}");
                    }), command);
                });
        }
        else
        {
            summary = ExperimentRunner.Run(grid, RunOne, new SyncProgress(p =>
                System.Console.WriteLine($"[{p.Index + 1}/{p.Total}] {p.Run.Variant} seed {p.Run.Seed}: {p.Phase.ToString().ToLowerInvariant()}{(p.Message is null ? "" : " " + p.Message)} ({p.Elapsed.TotalSeconds:F0} s)")), command);
        }
        return summary;
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
