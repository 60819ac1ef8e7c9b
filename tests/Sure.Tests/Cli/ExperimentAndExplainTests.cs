using System.Text.Json.Nodes;
using Sure.Cli;

namespace Sure.Tests.Cli;

/// <summary>End-to-end through the CLI: a tiny experiment that resumes, and explain on the model it trained.</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class ExperimentAndExplainTests
{
    private static readonly string[] Tiny =
    [
        "--hidden", "16", "--heads", "2", "--experts", "3", "--top-k", "2", "--epochs", "2", "--batch-size", "4", "--threads", "1",
        "--synth-train", "8", "--synth-valid", "3", "--synth-test", "3",
    ];

    private static int Run(params string[] args) => SureCliRunner.Run(args).Code;

    [Fact]
    public void ExperimentWritesTableAndResumesOnlyMissingRuns()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sure-tests", Guid.NewGuid().ToString("N"));
        Assert.Equal(0, Run(["experiment", "--variants", "full,no-moe", "--seeds", "2", "--out", dir, .. Tiny]));
        var table = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "table.json")))!;
        Assert.Contains("no-moe", File.ReadAllText(Path.Combine(dir, "table.md")));
        Assert.NotNull(table);

        // "kill" one run: remove its result; a rerun redoes exactly that one.
        var victim = Path.Combine(dir, "no-moe", "seed-2");
        File.Delete(Path.Combine(victim, "result.json"));
        var untouched = File.GetLastWriteTimeUtc(Path.Combine(dir, "full", "seed-1", "result.json"));
        Assert.Equal(0, Run(["experiment", "--variants", "full,no-moe", "--seeds", "2", "--out", dir, .. Tiny]));
        Assert.True(File.Exists(Path.Combine(victim, "result.json")));
        Assert.Equal(untouched, File.GetLastWriteTimeUtc(Path.Combine(dir, "full", "seed-1", "result.json")));

        // explain on one of its models: one row per utterance, routing weights summing to one.
        var json = Path.Combine(dir, "explain.json");
        Assert.Equal(0, Run(["explain", "--checkpoint", Path.Combine(dir, "full", "seed-1"), "--json", json]));
        var doc = JsonNode.Parse(File.ReadAllText(json))!;
        var utterances = doc["utterances"]!.AsArray();
        Assert.NotEmpty(utterances);
        for (int i = 0; i < utterances.Count; i++)
        {
            var u = utterances[i]!;
            Assert.Equal(i, (int)u["index"]!);
            foreach (var (_, m) in u["modalities"]!.AsObject())
            {
                var w = m!["routing_weights"]!.AsArray().Select(x => (double)x!).ToArray();
                Assert.Equal(1.0, w.Sum(), 3);
                Assert.Equal(2, w.Count(x => x > 0));
                Assert.NotNull(m["attended_context"]);
            }
        }
        Assert.NotEqual(0, Run(["explain", "--checkpoint", Path.Combine(dir, "full", "seed-1"), "--dialogue", "no-such-dialogue"]));
        Assert.Equal(0, Run(["eval", "--checkpoint", Path.Combine(dir, "full", "seed-1")]));
        Assert.True(File.Exists(Path.Combine(dir, "full", "seed-1", "figures", "learning-curves.png")));
    }

    private sealed class KillAfterFirstEpoch : Sure.Training.ITrainingObserver
    {
        public void OnEpoch(Sure.Training.EpochRecord record) => throw new OperationCanceledException("simulated kill");
    }

    private static string HistoryWithoutTimes(string dir) =>
        string.Join("\n", Sure.Runs.RunFolder.ReadHistory(dir).Select(h => (h with { Seconds = 0 }).ToString()));

    [Fact]
    public void TrainResumeContinuesAnInterruptedRun()
    {
        var whole = Path.Combine(Path.GetTempPath(), "sure-tests", Guid.NewGuid().ToString("N"));
        Assert.Equal(0, Run(["train", "--out", whole, .. Tiny]));
        Assert.NotEqual(0, Run(["train", "--out", whole, .. Tiny])); // refuses to overwrite a run

        // The same run killed after epoch 1 of 2: its folder holds the state of epoch 1 and no result.
        var broken = Path.Combine(Path.GetTempPath(), "sure-tests", Guid.NewGuid().ToString("N"));
        var config = Sure.Runs.RunFolder.ReadConfig(whole) with { Out = broken };
        Assert.Throws<OperationCanceledException>(() => Sure.Runs.TrainingRun.Execute(config, Sure.Loading.DataSource.Load(config), broken, new KillAfterFirstEpoch()));
        Assert.False(File.Exists(Path.Combine(broken, "result.json")));
        Assert.Equal(1, Sure.Training.TrainerState.Load(broken)!.LastEpoch);

        Assert.Equal(0, Run(["train", "--resume", broken]));
        var a = JsonNode.Parse(File.ReadAllText(Path.Combine(whole, "result.json")))!;
        var b = JsonNode.Parse(File.ReadAllText(Path.Combine(broken, "result.json")))!;
        Assert.Equal(a["test"]!.ToJsonString(), b["test"]!.ToJsonString());
        Assert.Equal(a["valid"]!.ToJsonString(), b["valid"]!.ToJsonString());
        Assert.Equal(HistoryWithoutTimes(whole), HistoryWithoutTimes(broken));
        Assert.Equal(2, Sure.Runs.RunFolder.ReadHistory(broken).Length);
        Assert.True(Sure.Training.TrainerState.Load(broken)!.Finished);
    }
}
