using System.Globalization;
using Sure.Configuration;
using Sure.Data;
using Sure.Inference;
using Sure.Runs;
using Sure.Loading;

namespace Sure.Tests.Inference;

/// <summary>The .NET user's path: own conversations in JSONL with feature vectors → train → predict on new, unlabelled conversations.</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class TrainedModelTests
{
    /// <summary>Six utterances whose class y shows in the text features (dimension y is about 2, the others about 0);
    /// their classes are added to <paramref name="truth"/> whether or not they are written as labels.</summary>
    private static string Conversation(string id, string? split, Random rng, bool labelled, List<int>? truth = null)
    {
        var utts = Enumerable.Range(0, 6).Select(i =>
        {
            int y = rng.Next(2);
            truth?.Add(y);
            var f = string.Join(", ", Enumerable.Range(0, 4).Select(k => ((k == y ? 2.0 : 0.0) + rng.NextDouble() - 0.5).ToString("F3", CultureInfo.InvariantCulture)));
            var label = labelled ? $", \"label\": \"{(y == 0 ? "calm" : "upset")}\"" : "";
            return $"{{\"speaker\": \"{(i % 2 == 0 ? "agent" : "caller")}\", \"text\": \"turn {i}\"{label}, \"features\": {{\"text\": [{f}]}}}}";
        });
        return $"{{\"id\": \"{id}\"{(split is null ? "" : $", \"split\": \"{split}\"")}, \"utterances\": [{string.Join(", ", utts.ToList())}]}}";
    }

    [Fact]
    public void PredictsTheClassesOfUnlabelledConversationsWithProbabilities()
    {
        var dir = Directory.CreateTempSubdirectory("sure-inference-").FullName;
        var rng = new Random(5);
        var header = "{\"sure_format\": 1, \"classes\": [\"calm\", \"upset\"]}";
        var train = Path.Combine(dir, "calls.jsonl");
        File.WriteAllLines(train, [header, .. Enumerable.Range(0, 40).Select(i => Conversation($"c{i}", i < 32 ? "train" : i < 36 ? "valid" : "test", rng, true))]);
        var fresh = Path.Combine(dir, "new-calls.jsonl");
        var truth = new List<int>();
        File.WriteAllLines(fresh, [header, Conversation("today-1", "test", rng, false, truth)]);

        var config = new SureConfig { Data = train, Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2, Epochs = 4, BatchSize = 4, Lr = 3e-3, Dropout = 0.1, Threads = 1 }.Validate();
        var run = Path.Combine(dir, "run");
        TrainingRun.Execute(config, DataSource.Load(config), run);

        using var model = TrainedModel.Open(run, fresh);
        var dialogue = model.Data.Dataset.Dialogues.Single();
        var predictions = model.Predict(dialogue);
        Assert.Equal(6, predictions.Count);
        Assert.All(predictions, p =>
        {
            Assert.Equal(-1, p.Gold);
            Assert.Equal(1.0, p.Probabilities.Sum(), 4);
            Assert.Equal(Array.IndexOf(p.Probabilities, p.Probabilities.Max()), p.Predicted);
            Assert.Equal(1.0, p.RoutingWeights[Modality.Text].Sum(), 4);
            Assert.InRange(p.Confidence, 0.5f, 1f);
        });
        // The classes the generator hid in the features (never written to the file): the model trained on labelled
        // conversations of the same kind must find them.
        Assert.Equal(truth, predictions.OrderBy(p => p.Index).Select(p => p.Predicted));
    }
}
