using Sure.Training;
using Sure.IO;
using Sure.Evaluation;
using Sure.Reporting;

namespace Sure.Tests.Reporting;

public sealed class RunFilesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sure-runfiles-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    // Exactly the contract's shape, as the trainer writes it.
    private const string ContractJson = """
    {
      "dataset": "syntherc", "protocol": "validation", "seed": 3, "variant": "no-moe",
      "test": {"accuracy": 71.25, "weighted_f1": 70.5, "macro_f1": 65.0,
               "per_class": {"happy": {"precision": 80.0, "recall": 75.5, "f1": 77.67, "support": 40}},
               "confusion": [[30, 10], [5, 55]], "ece": 4.12, "error_auroc": {"entropy": 81.3, "moe_uncertainty": null}},
      "valid": {"accuracy": 70.0, "weighted_f1": 69.0, "macro_f1": 60.0, "per_class": {}, "confusion": []},
      "best_epoch": 12, "epochs_run": 20, "train_seconds": 93.5,
      "ceiling": {"bayes_accuracy": 82.4, "no_context_accuracy": 61.1}
    }
    """;

    [Fact]
    public void ReadsTheContractShape()
    {
        var r = RunResult.FromJson(ContractJson);
        Assert.Equal(("syntherc", "validation", 3, "no-moe"), (r.Dataset, r.Protocol, r.Seed, r.Variant));
        Assert.Equal(71.25, r.Test.Accuracy);
        Assert.Equal(70.5, r.Test.WeightedF1);
        Assert.Equal(77.67, r.Test.PerClass["happy"].F1);
        Assert.Equal(40, r.Test.PerClass["happy"].Support);
        Assert.Equal(55, r.Test.Confusion[1][1]);
        Assert.Equal(4.12, r.Test.Ece);
        Assert.Null(r.Test.ErrorAuroc!["moe_uncertainty"]);
        Assert.Equal((12, 20, 93.5), (r.BestEpoch, r.EpochsRun, r.TrainSeconds));
        Assert.Equal(82.4, r.Ceiling!.BayesAccuracy);
        // Round trip keeps snake_case names.
        var json = r.ToJson();
        Assert.Contains("\"weighted_f1\"", json);
        Assert.Contains("\"no_context_accuracy\"", json);
        Assert.Equal(r.Test.Accuracy, RunResult.FromJson(json).Test.Accuracy);
    }

    [Fact]
    public void CompletenessIsJudgedOnTheFile()
    {
        Assert.False(RunResult.IsComplete(_dir));                      // no folder
        Directory.CreateDirectory(_dir);
        Assert.False(RunResult.IsComplete(_dir));                      // no file
        File.WriteAllText(Path.Combine(_dir, "result.json"), ContractJson[..200]);
        Assert.False(RunResult.IsComplete(_dir));                      // truncated
        File.WriteAllText(Path.Combine(_dir, "result.json"), """{"dataset":"x","protocol":"validation","seed":1,"test":{"accuracy":1}}""");
        Assert.False(RunResult.IsComplete(_dir));                      // fields missing
        RunResult.FromJson(ContractJson).Write(_dir);
        Assert.True(RunResult.IsComplete(_dir));
    }

    [Fact]
    public void SplitFromReportIsInPercentWithTwoDecimals()
    {
        var report = new ClassificationReport(["a", "b"], 0.712345, 0.70005, 0.6549999, [new ClassMetrics(0.8, 0.755555, 0.77, 40), new ClassMetrics(0.5, 0.25, 1.0 / 3, 60)], [[30, 10], [5, 55]], 100);
        var s = SplitResult.FromReport(report, new UncertaintyEvaluation(0.04123, [], new Dictionary<string, double> { ["entropy"] = 0.8133, ["x"] = double.NaN }));
        Assert.Equal(71.23, s.Accuracy);
        Assert.Equal(70.01, s.WeightedF1);
        Assert.Equal(65.5, s.MacroF1);
        Assert.Equal(75.56, s.PerClass["a"].Recall);
        Assert.Equal(33.33, s.PerClass["b"].F1);
        Assert.Equal(4.12, s.Ece);
        Assert.Equal(81.33, s.ErrorAuroc!["entropy"]);
        Assert.Null(s.ErrorAuroc["x"]);
    }

    [Fact]
    public void HistoryRoundTrips()
    {
        var h = new[] { new EpochRecord { Epoch = 1, TrainLoss = 1.5, TrainNll = 1.45, ValidNll = 1.4, ValidWeightedF1 = 40.5, ValidAccuracy = 41.0, Seconds = 2.5 }, new EpochRecord { Epoch = 2, TrainLoss = 1.2, ValidNll = 1.3, ValidWeightedF1 = 45.5, ValidAccuracy = 46.0, TestWeightedF1 = 44.0, Seconds = 2.4 } };
        Sure.Runs.RunFolder.WriteHistory(_dir, h);
        var path = Path.Combine(_dir, Sure.Runs.RunFolder.HistoryFile);
        Assert.Contains("\"valid_weighted_f1\"", File.ReadAllText(path));
        Assert.Equal(h, Sure.Runs.RunFolder.ReadHistory(_dir));
    }

    [Fact]
    public void AtomicWriteReplacesAndLeavesNoTemporary()
    {
        var p = Path.Combine(_dir, "x", "f.txt");
        AtomicFile.WriteAllText(p, "one");
        AtomicFile.WriteAllText(p, "two");
        Assert.Equal("two", File.ReadAllText(p));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(p)!));
    }
}
