using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Experiments;
using Sure.Reporting;

namespace Sure.Tests.Experiments;

public sealed class ExperimentRunnerTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "sure-exp-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { try { Directory.Delete(_out, true); } catch (IOException) { } }

    internal static RunResult Result(string variant, int seed, double acc, double wf1, double seconds = 10, CeilingResult? ceiling = null) => new()
    {
        Dataset = "syntherc",
        Protocol = "validation",
        Seed = seed,
        Variant = variant,
        Test = new SplitResult { Accuracy = acc, WeightedF1 = wf1, MacroF1 = wf1 - 5 },
        Valid = new SplitResult { Accuracy = acc - 1, WeightedF1 = wf1 - 1 },
        BestEpoch = 3,
        EpochsRun = 5,
        TrainSeconds = seconds,
        Ceiling = ceiling,
    };

    /// <summary>A fake trainer: counts its calls and writes a result.json whose accuracy encodes the seed.</summary>
    private sealed class FakeTrainer
    {
        public readonly List<(string Variant, int Seed, string Dir)> Calls = [];
        public Func<SureConfig, bool>? FailWhen;

        public RunOutcome Run(SureConfig cfg, string dir, CancellationToken ct)
        {
            var variant = Path.GetFileName(Path.GetDirectoryName(dir))!;
            Calls.Add((variant, cfg.Seed, dir));
            Assert.Equal(dir, cfg.Out);
            Assert.True(Directory.Exists(dir));
            if (FailWhen?.Invoke(cfg) == true) throw new InvalidOperationException("boom");
            Result(variant, cfg.Seed, 60 + cfg.Seed, 55 + cfg.Seed, 2.5).Write(dir);
            return RunOutcome.Completed;
        }
    }

    [Fact]
    public void FreshRunDoesEverythingAndWritesTables()
    {
        var grid = ExperimentGrid.Create(new SureConfig { Seed = 1 }, "full,no-moe", 2, _out);
        var fake = new FakeTrainer();
        var events = new List<ExperimentProgress>();
        var summary = ExperimentRunner.Run(grid, fake.Run, new SyncProgress(events.Add), "sure experiment --variants full,no-moe --seeds 2");
        Assert.Equal(4, fake.Calls.Count);
        Assert.Equal((0, 4), (summary.Skipped, summary.Ran));
        Assert.True(summary.AllComplete);
        Assert.Equal(8, events.Count); // Started + Completed per run
        Assert.True(File.Exists(Path.Combine(_out, "table.json")));
        Assert.True(File.Exists(Path.Combine(_out, "table.md")));
        Assert.Equal(10.0, summary.Table.TotalTrainSeconds); // 4 runs × 2.5 s
        var md = File.ReadAllText(summary.TableMarkdownPath!);
        Assert.Contains("sure experiment --variants full,no-moe --seeds 2", md);
        Assert.Contains("**validation**", md);
    }

    [Fact]
    public void RestartAfterAKillDoesOnlyTheMissingRuns()
    {
        var grid = ExperimentGrid.Create(new SureConfig { Seed = 1 }, "full,no-moe,softmax", 3, _out);
        // Simulate a killed experiment: 4 runs finished, one folder left half-written (checkpoint, truncated result.json),
        // one with only a config.json, the rest never started.
        var done = new[] { ("full", 1), ("full", 2), ("full", 3), ("no-moe", 2) };
        foreach (var (v, s) in done) Result(v, s, 70, 65).Write(ExperimentGrid.RunDir(_out, v, s));
        var half = ExperimentGrid.RunDir(_out, "no-moe", 1);
        Directory.CreateDirectory(half);
        File.WriteAllText(Path.Combine(half, "result.json"), "{\"dataset\": \"synth");
        File.WriteAllText(Path.Combine(half, "checkpoint.pt"), "x");
        var started = ExperimentGrid.RunDir(_out, "softmax", 3);
        Directory.CreateDirectory(started);
        File.WriteAllText(Path.Combine(started, "config.json"), "{}");

        var fake = new FakeTrainer();
        var summary = ExperimentRunner.Run(grid, fake.Run, commandLine: "cmd 2");
        Assert.Equal(
            [("no-moe", 1), ("no-moe", 3), ("softmax", 1), ("softmax", 2), ("softmax", 3)],
            fake.Calls.Select(c => (c.Variant, c.Seed)));
        Assert.Equal((4, 5), (summary.Skipped, summary.Ran));
        Assert.Equal(9, summary.Table.RunsComplete);

        // A third invocation has nothing left to do, and the commands accumulate.
        var again = new FakeTrainer();
        var s3 = ExperimentRunner.Run(grid, again.Run, commandLine: "cmd 3");
        Assert.Empty(again.Calls);
        Assert.Equal(9, s3.Skipped);
        Assert.Equal(["cmd 2", "cmd 3"], s3.Table.Commands);
    }

    [Fact]
    public void FailuresAreRecordedAndOthersGoOn()
    {
        var grid = ExperimentGrid.Create(new SureConfig { Seed = 1 }, "full,causal", 2, _out);
        var fake = new FakeTrainer { FailWhen = c => c.Context == ContextMode.Causal && c.Seed == 1 };
        var summary = ExperimentRunner.Run(grid, fake.Run);
        Assert.Equal(4, fake.Calls.Count);
        var failure = Assert.Single(summary.Failures);
        Assert.Equal(("causal", 1), (failure.Run.Variant, failure.Run.Seed));
        Assert.Contains("boom", failure.Message);
        Assert.False(summary.AllComplete);
        Assert.Equal(3, summary.Table.RunsComplete);
        Assert.Contains("| causal | Context=Causal | 62.00 | 57.00 | – | 1 of 2 |", File.ReadAllText(summary.TableMarkdownPath!));

        // A run that claims success without a result.json is a failure too.
        var grid2 = ExperimentGrid.Create(new SureConfig(), "t", 1, Path.Combine(_out, "liar"));
        var s2 = ExperimentRunner.Run(grid2, (_, _, _) => RunOutcome.Completed);
        Assert.Contains("not complete", Assert.Single(s2.Failures).Message);
    }

    [Fact]
    public void CancellationStopsAndStillWritesTheTable()
    {
        var grid = ExperimentGrid.Create(new SureConfig { Seed = 1 }, "full", 3, _out);
        using var cts = new CancellationTokenSource();
        var fake = new FakeTrainer();
        Assert.Throws<OperationCanceledException>(() => ExperimentRunner.Run(grid, (c, d, ct) =>
        {
            var o = fake.Run(c, d, ct);
            cts.Cancel();
            return o;
        }, cancellationToken: cts.Token));
        Assert.Single(fake.Calls);
        var table = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "table.json")))!;
        Assert.Equal(1, table["runs_complete"]!.GetValue<int>());
        Assert.Equal(3, table["runs_expected"]!.GetValue<int>());
    }

    /// <summary>IProgress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<ExperimentProgress> report) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => report(value);
    }
}
