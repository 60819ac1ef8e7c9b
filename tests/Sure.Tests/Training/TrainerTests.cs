using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Data;
using Sure.Runs;
using Sure.Text;
using Sure.Training;
using Sure.Loading;

namespace Sure.Tests.Training;

[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class TrainerTests
{
    private static JsonObject ResultOf(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, RunFolder.ResultFile)))!.AsObject();

    private static string Metrics(JsonObject r) => r["test"]!.ToJsonString() + r["valid"]!.ToJsonString() + r["best_epoch"];

    [Fact]
    public void SameSeedGivesIdenticalMetrics()
    {
        var config = TinyRuns.Config();
        var a = TinyRuns.TempDir();
        var b = TinyRuns.TempDir();
        TrainingRun.Execute(config, TinyRuns.Data(config), a);
        TrainingRun.Execute(config, TinyRuns.Data(config), b);
        Assert.Equal(Metrics(ResultOf(a)), Metrics(ResultOf(b)));
        Assert.Equal(History(a), History(b));   // every epoch's losses and metrics, not only the selected one's
    }

    private sealed class KillAfter(int epoch) : ITrainingObserver
    {
        public void OnEpoch(EpochRecord record)
        {
            if (record.Epoch == epoch) throw new OperationCanceledException("simulated kill");
        }
    }

    [Fact]
    public void InterruptedRunResumesToTheSameResult()
    {
        var config = TinyRuns.Config(epochs: 4);
        var whole = TinyRuns.TempDir();
        TrainingRun.Execute(config, TinyRuns.Data(config), whole);

        var broken = TinyRuns.TempDir();
        Assert.Throws<OperationCanceledException>(() => TrainingRun.Execute(config, TinyRuns.Data(config), broken, new KillAfter(2)));
        Assert.False(File.Exists(Path.Combine(broken, RunFolder.ResultFile)));
        Assert.Equal(2, TrainerState.Load(broken)!.LastEpoch);

        TrainingRun.Execute(RunFolder.ReadConfig(broken), TinyRuns.Data(config), broken);
        Assert.Equal(Metrics(ResultOf(whole)), Metrics(ResultOf(broken)));
        AssertSameTraining(whole, broken, config.Epochs);
        Assert.Single(Directory.GetFiles(broken, "last-e*.optim.pt"));
    }

    /// <summary>history.json without the timings.</summary>
    private static string History(string dir) => string.Join("\n", RunFolder.ReadHistory(dir).Select(h => (h with { Seconds = 0 }).ToString()));

    /// <summary>Two finished run folders hold the same history (but for the timings) and bit-identical best and last weights and optimiser state.</summary>
    private static void AssertSameTraining(string a, string b, int lastEpoch)
    {
        Assert.Equal(History(a), History(b));
        Assert.Equal(lastEpoch, RunFolder.ReadHistory(b).Length);
        foreach (var file in new[] { Trainer.BestCheckpoint, $"last-e{lastEpoch:D4}.pt", $"last-e{lastEpoch:D4}.optim.pt" })
            Assert.True(File.ReadAllBytes(Path.Combine(a, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, file))), $"{file} differs");
    }

    [Fact]
    public void InterruptedEndToEndTextRunResumesToIdenticalHistoryAndWeights()
    {
        // The end-to-end text encoder has dropout of its own (0.2 here): its draws must continue on resume as they would have.
        var options = Sure.Tests.Text.TextFixtures.SmallOptions();
        LoadedData Data()
        {
            var dataset = Sure.Tests.Text.TextFixtures.Corpus(16, 4, 4);
            var vectors = Sure.Tests.Text.TextFixtures.Vectors();
            var vocab = Vocabulary.Build(dataset, vectors, options.MaxTokens);
            return new LoadedData { Dataset = dataset, TextEncoder = new TextEncoderSpec(vocab, vocab.EmbeddingMatrix(vectors, options.UnknownScale, options.Seed), vectors.Dim, options) };
        }
        var config = new SureConfig
        {
            TextEncoder = "end2end", Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2, Epochs = 2, BatchSize = 4, Lr = 3e-3, Threads = 1,
        }.Validate();
        var whole = TinyRuns.TempDir();
        TrainingRun.Execute(config, Data(), whole);

        var broken = TinyRuns.TempDir();
        Assert.Throws<OperationCanceledException>(() => TrainingRun.Execute(config, Data(), broken, new KillAfter(1)));
        Assert.Equal(1, TrainerState.Load(broken)!.LastEpoch);
        TrainingRun.Execute(RunFolder.ReadConfig(broken), Data(), broken);
        AssertSameTraining(whole, broken, config.Epochs);
    }

    [Fact]
    public void ResultJsonFollowsTheContract()
    {
        var config = TinyRuns.Config(epochs: 2);
        var dir = TinyRuns.TempDir();
        TrainingRun.Execute(config, TinyRuns.Data(config), dir);
        var r = ResultOf(dir);
        Assert.Equal("SynthERC", (string)r["dataset"]!);
        Assert.Equal("validation", (string)r["protocol"]!);
        Assert.Equal(7, (int)r["seed"]!);
        foreach (var split in new[] { "test", "valid" })
        {
            var s = r[split]!.AsObject();
            foreach (var key in new[] { "accuracy", "weighted_f1", "macro_f1" })
            {
                double v = (double)s[key]!;
                Assert.InRange(v, 0, 100);
                Assert.Equal(Math.Round(v, 2), v);
            }
            var perClass = s["per_class"]!.AsObject();
            Assert.Equal(6, perClass.Count);
            foreach (var (_, m) in perClass)
                foreach (var key in new[] { "precision", "recall", "f1", "support" }) Assert.NotNull(m![key]);
            Assert.Equal(6, s["confusion"]!.AsArray().Count);
        }
        Assert.InRange((int)r["best_epoch"]!, 1, 2);
        var ceiling = r["ceiling"]!.AsObject();
        Assert.InRange((double)ceiling["bayes_accuracy"]!, 0, 100);
        Assert.InRange((double)ceiling["no_context_accuracy"]!, 0, 100);
        Assert.True(File.Exists(Path.Combine(dir, RunFolder.ReportFile)));
        Assert.Equal(config, RunFolder.ReadConfig(dir));
    }

    [Fact]
    public void PaperProtocolIsNamedInResultAndReport()
    {
        var config = TinyRuns.Config(epochs: 2) with { Protocol = SelectionProtocol.Paper };
        var dir = TinyRuns.TempDir();
        var outcome = TrainingRun.Execute(config, TinyRuns.Data(config), dir);
        Assert.Equal("paper", (string)ResultOf(dir)["protocol"]!);
        Assert.Contains("TEST split", outcome.ReportMarkdown);
        Assert.All(outcome.Result.History, h => Assert.NotNull(h.TestWeightedF1));
    }

    [Fact]
    public void ValidationProtocolNeverLooksAtTestWhileTraining()
    {
        var config = TinyRuns.Config(epochs: 2);
        var outcome = TrainingRun.Execute(config, TinyRuns.Data(config), TinyRuns.TempDir());
        Assert.All(outcome.Result.History, h => Assert.Null(h.TestWeightedF1));
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatience()
    {
        var config = TinyRuns.Config(epochs: 30) with { Patience = 1, Lr = 1e-9 };
        var outcome = TrainingRun.Execute(config, TinyRuns.Data(config), TinyRuns.TempDir());
        Assert.True(outcome.Result.EpochsRun < 30);
    }
}
