using Sure.Configuration;
using Sure.Runs;

namespace Sure.Tests.Training;

[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class LearningTests
{
    [Fact]
    public void SmallSureLearnsSynthErcWellAboveChance()
    {
        var config = TinyRuns.Config(epochs: 8) with
        {
            Hidden = 32, Heads = 2, Lr = 3e-3, BatchSize = 8,
            Synth = new SynthErcOptions { TrainDialogues = 80, ValidDialogues = 10, TestDialogues = 15, MinLength = 8, MaxLength = 16, TextDim = 16, AudioDim = 12, VisualDim = 8 },
        };
        var data = TinyRuns.Data(config);
        var outcome = TrainingRun.Execute(config, data, TinyRuns.TempDir());
        var history = outcome.Result.History;
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss * 0.9, $"training loss did not decrease: {history[0].TrainLoss} → {history[^1].TrainLoss}");
        double chance = 1.0 / data.Dataset.ClassCount;
        double acc = outcome.Result.Test.Report.Accuracy;
        Assert.True(acc > chance + 0.25, $"test accuracy {acc:P1} is not well above chance {chance:P1} (no-context ceiling {data.TestCeiling!.NoContextAccuracy:P1})");
        Assert.True(acc <= data.Synth!.Test.BayesAccuracy + 0.05, "accuracy above the exact Bayes ceiling: the ceiling or the evaluation is wrong");
    }
}
