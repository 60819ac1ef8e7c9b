using System.Globalization;
using Sure.Configuration;
using Sure.Data;
using Sure.Inference;
using Sure.Runs;
using Sure.Loading;

namespace Sure.Tests.Inference;

/// <summary>The .NET user's path: own conversations in JSONL with feature vectors → train → the run folder's model file
/// predicts new, unlabelled conversations, and scores labelled data as sure eval and explain do.</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class RunModelTests
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

        using var model = SurePredictor.OpenRun(run);
        var conversation = ConversationReader.Read(fresh).Single();
        var predictions = model.Predict(conversation);
        Assert.Equal(6, predictions.Count);
        Assert.All(predictions, p =>
        {
            Assert.Null(p.Gold);
            Assert.Equal(1.0, p.Probabilities.Values.Sum(), 4);
            Assert.Equal(p.Probabilities.MaxBy(kv => kv.Value).Key, p.Label);
            Assert.Equal(1.0, p.Routing["text"].Sum(), 4);
            Assert.InRange(p.Confidence, 0.5f, 1f);
        });
        // The classes the generator hid in the features (never written to the file): the model trained on labelled
        // conversations of the same kind must find them.
        Assert.Equal(truth.Select(y => y == 0 ? "calm" : "upset"), predictions.OrderBy(p => p.Index).Select(p => p.Label));

        // sure eval's path: the run folder's model file scored on the run's own test split gives the metrics the run
        // recorded (result.json, computed by the trainer from its own model)
        var (runConfig, data) = RunData.Load(run, model);
        var output = model.Evaluate(data.Dataset.In(Split.Test).ToList(), data.Dataset.Source, Math.Max(32, runConfig.BatchSize));
        var recorded = Sure.Reporting.RunResult.TryRead(run, out _)!;
        Assert.Equal(recorded.Test.Accuracy, Sure.Evaluation.Metrics.ToPercent(output.Report.Accuracy));
        Assert.Equal(recorded.Test.WeightedF1, Sure.Evaluation.Metrics.ToPercent(output.Report.WeightedF1));
        Assert.Equal(recorded.Test.Confusion, output.Report.Confusion.Select(r => r.ToArray()).ToArray());
        // explain's path: one dialogue with its diagnostics, as the whole-split evaluation scored it
        var first = data.Dataset.In(Split.Test).First();
        var explained = model.Explain(first, data.Dataset.Source);
        Assert.Equal(output.Utterances.Where(u => u.DialogueId == first.Id).Select(u => u.Predicted), explained.Select(u => u.Predicted));
        Assert.All(explained, u => Assert.Equal(1.0, u.RoutingWeights[Modality.Text].Sum(), 4));

        // a run folder made before runs wrote model files: one line saying to export one
        File.Delete(Path.Combine(run, ModelFile.FileName));
        var e = Assert.Throws<Sure.Errors.SureUserException>(() => SurePredictor.OpenRun(run));
        Assert.Contains($"{run}: no {ModelFile.FileName}", e.Message);
        Assert.Contains("export", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        // which sure export writes from the checkpoint; it predicts the same
        RunExport.Write(run);
        using var exported = SurePredictor.OpenRun(run);
        Assert.Equal(predictions.SelectMany(p => p.Probabilities.Values), exported.Predict(conversation).SelectMany(p => p.Probabilities.Values));
    }
}
