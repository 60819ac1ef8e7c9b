using Sure.Configuration;
using Sure.Data;
using Sure.Model;
using Sure.Runs;
using Sure.Loading;

namespace Sure.Tests.Training;

public class InputNormalizationTests
{
    [Fact]
    public void StatisticsAreTheHandComputedMeanAndPopulationStdAndAConstantDimensionIsOnlyCentred()
    {
        // dim 0: 1, 3, 5 → mean 3, population std sqrt(8/3); dim 1: constant 10 → mean 10, std stored as 1.
        var (mean, std) = InputNormalization.ComputeStatistics([[1f, 10f], [3f, 10f], [5f, 10f]], 2);
        Assert.Equal([3f, 10f], mean);
        Assert.Equal(Math.Sqrt(8.0 / 3), std[0], 6);
        Assert.Equal(1f, std[1]);
        using var norm = new InputNormalization(2);
        norm.Fit([[1f, 10f], [3f, 10f], [5f, 10f]]);
        using var y = norm.forward(TorchSharp.torch.tensor(new[] { 5f, 12f }));
        Assert.Equal(2 / Math.Sqrt(8.0 / 3), y[0].item<float>(), 5);
        Assert.Equal(2f, y[1].item<float>(), 5);
    }

    /// <summary>Train vectors around 0, validation and test vectors around 100: the fitted statistics must be the train ones.</summary>
    private static LoadedData ShiftedData()
    {
        var rng = new Random(5);
        var ds = new ConversationDataset { Name = "shifted", ClassNames = ["x", "y"] };
        for (int d = 0; d < 12; d++)
        {
            var split = d < 8 ? Split.Train : d < 10 ? Split.Valid : Split.Test;
            var dialogue = new Dialogue { Id = $"d{d}", Split = split };
            for (int j = 0; j < 4; j++)
            {
                float offset = split == Split.Train ? 0 : 100;
                dialogue.Utterances.Add(new Utterance { Speaker = "A", Label = rng.Next(2), Features = [[offset + (float)rng.NextDouble(), offset + 3 * (float)rng.NextDouble()], null, null] });
            }
            ds.Dialogues.Add(dialogue);
        }
        return new LoadedData { Dataset = ds };
    }

    [Fact]
    public void StatisticsComeFromTheTrainingSplitOnlyAndTravelWithTheCheckpoint()
    {
        var data = ShiftedData();
        var train = data.Dataset.In(Split.Train).SelectMany(d => d.Utterances).Select(u => u[Modality.Text]!).ToList();
        // Independent computation of the expected statistics.
        var expectedMean = new[] { train.Average(r => (double)r[0]), train.Average(r => (double)r[1]) };
        var expectedStd = new[] { 0, 1 }.Select(k => Math.Sqrt(train.Average(r => Math.Pow(r[k] - expectedMean[k], 2)))).ToArray();

        var config = new SureConfig { Modalities = "t", Hidden = 8, Heads = 2, Experts = 2, TopK = 1, Epochs = 1, BatchSize = 4, Seed = 1, Threads = 1 }.Validate();
        var dir = TinyRuns.TempDir();
        TrainingRun.Execute(config, data, dir);
        // A model built afresh has the identity normalisation; loading the checkpoint brings the fitted statistics.
        using var model = DialogueModels.Build(config.ModelOptions, [2, 0, 0], 2);
        Assert.Equal([0f, 0f], model.InputNorm!["t"].Statistics.Mean);
        model.load(Path.Combine(dir, Sure.Training.Trainer.BestCheckpoint));
        var (mean, std) = model.InputNorm!["t"].Statistics;
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(expectedMean[k], mean[k], 4);
            Assert.Equal(expectedStd[k], std[k], 4);
        }
    }

    [Fact]
    public void InputNormNoneLeavesNoNormalisationInTheModel()
    {
        var config = new SureConfig { Modalities = "t", Hidden = 8, Heads = 2, InputNorm = InputNormalizationMode.None }.Validate();
        using var model = DialogueModels.Build(config.ModelOptions, [4, 0, 0], 2);
        Assert.DoesNotContain(model.state_dict().Keys, k => k.StartsWith("input_norm", StringComparison.Ordinal));
        using var withNorm = DialogueModels.Build((config with { InputNorm = InputNormalizationMode.Standardize }).ModelOptions, [4, 0, 0], 2);
        Assert.Contains("input_norm.t.mean", withNorm.state_dict().Keys);
        Assert.Contains("input_norm.t.std", withNorm.state_dict().Keys);
    }
}
