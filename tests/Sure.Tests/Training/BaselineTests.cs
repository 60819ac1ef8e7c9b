using Sure.Configuration;
using Sure.Data;
using Sure.Model;
using Sure.Runs;
using Sure.Loading;

namespace Sure.Tests.Training;

/// <summary>The reference baselines learn what their inputs allow: each utterance alone (linear, mlp), or the dialogue (bigru).</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class BaselineTests
{
    private const int Classes = 3, Dim = 6;

    /// <summary>
    /// Dialogues of 6 utterances whose vectors are a class prototype (one-hot over the first 3 dims) plus noise. The label
    /// of utterance j is the class of the vector at j + <paramref name="shift"/> (clamped to the dialogue), so shift 0 is
    /// an utterance-level problem and shift −1 / +1 needs the previous / next turn.
    /// </summary>
    private static LoadedData Data(int shift, int seed = 3)
    {
        var rng = new Random(seed);
        var ds = new ConversationDataset { Name = "toy", ClassNames = ["a", "b", "c"] };
        for (int d = 0; d < 90; d++)
        {
            var classes = Enumerable.Range(0, 6).Select(_ => rng.Next(Classes)).ToArray();
            var dialogue = new Dialogue { Id = $"d{d}", Split = d < 60 ? Split.Train : d < 75 ? Split.Valid : Split.Test };
            for (int j = 0; j < classes.Length; j++)
            {
                var v = Enumerable.Range(0, Dim).Select(k => (float)((k == classes[j] ? 2.0 : 0.0) + 0.3 * (rng.NextDouble() * 2 - 1))).ToArray();
                dialogue.Utterances.Add(new Utterance { Speaker = j % 2 == 0 ? "A" : "B", Label = classes[Math.Clamp(j + shift, 0, classes.Length - 1)], Features = [v, null, null] });
            }
            ds.Dialogues.Add(dialogue);
        }
        return new LoadedData { Dataset = ds };
    }

    private static double TestAccuracy(string model, int shift, ContextMode context = ContextMode.Bidirectional)
    {
        var config = new SureConfig
        {
            Model = model, Modalities = "t", Hidden = 16, Epochs = 25, BatchSize = 8, Lr = 0.02, Dropout = 0, Seed = 1, Threads = 1, Context = context,
        }.Validate();
        var run = TrainingRun.Execute(config, Data(shift), TinyRuns.TempDir());
        return run.Result.Test.Report.Accuracy;
    }

    [Fact]
    public void LinearBaselineLearnsAnUtteranceLevelProblem() => Assert.True(TestAccuracy("linear", 0) > 0.97);

    [Fact]
    public void MlpBaselineLearnsAnUtteranceLevelProblem() => Assert.True(TestAccuracy("mlp", 0) > 0.97);

    [Fact]
    public void BiGruLearnsFromTheNextTurnWhichNoUtteranceLevelModelSees()
    {
        // Labels come from the next turn: an utterance-level model is right only when the two classes coincide
        // (1/3 of the time) or at the dialogue's last turn; the bidirectional GRU reads the next turn.
        double linear = TestAccuracy("linear", +1), bigru = TestAccuracy("bigru", +1);
        Assert.True(linear < 0.6, $"linear {linear:P1}");
        Assert.True(bigru > 0.9, $"bigru {bigru:P1}");
    }

    [Fact]
    public void CausalBiGruLearnsFromThePreviousTurnButCannotSeeTheNext()
    {
        double past = TestAccuracy("bigru", -1, ContextMode.Causal), future = TestAccuracy("bigru", +1, ContextMode.Causal);
        Assert.True(past > 0.9, $"causal bigru, previous-turn labels: {past:P1}");
        Assert.True(future < 0.6, $"causal bigru, next-turn labels: {future:P1}");
    }

    [Fact]
    public void CausalBiGruPredictionsDoNotDependOnLaterTurns()
    {
        var config = new SureConfig { Model = "bigru", Modalities = "t", Hidden = 8, Context = ContextMode.Causal, InputNorm = InputNormalizationMode.None }.Validate();
        var data = Data(0).Dataset;
        using var model = DialogueModels.Build(config.ModelOptions, [Dim, 0, 0], Classes);
        model.eval();
        var full = data.Dialogues[0];
        var prefix = new Dialogue { Id = full.Id, Utterances = full.Utterances.Take(3).ToList() };
        var a = model.forward(DialogueCollator.Collate([full], [Modality.Text], [Dim, 0, 0], 9, TorchSharp.torch.CPU));
        var b = model.forward(DialogueCollator.Collate([prefix], [Modality.Text], [Dim, 0, 0], 9, TorchSharp.torch.CPU));
        var first3 = a.Logits.narrow(1, 0, 3);
        Assert.True(first3.allclose(b.Logits, rtol: 1e-5, atol: 1e-6));
    }
}
