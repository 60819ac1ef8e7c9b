using System.Text.Json.Nodes;
using Sure.Inference;

namespace Sure.Tests.Inference;

/// <summary>Model files of format version 1 (written before the front-end list) still open and predict what they predicted.</summary>
public class ModelFileVersionTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Inference", "Fixtures", name);

    [Fact]
    public void A_version_1_model_file_opens_and_predicts_what_it_predicted_before()
    {
        using var predictor = SurePredictor.Open(Fixture("model-v1.sure"), new PredictorOptions(Threads: 1));
        Assert.Equal(1, predictor.Manifest.FormatVersion);
        Assert.Null(predictor.Manifest.FrontEnds);
        var conversations = ConversationReader.Read(Fixture("model-v1-data.jsonl"));
        // what the version-1 build predicted (sure predict, probabilities rounded to 4 decimals): see Fixtures/README.md
        var before = File.ReadLines(Fixture("model-v1-predictions.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var now = conversations.SelectMany(predictor.Predict).ToList();
        Assert.Equal(before.Count, now.Count);
        for (int i = 0; i < now.Count; i++)
        {
            Assert.Equal((string)before[i]["conversation"]!, now[i].ConversationId);
            Assert.Equal((string)before[i]["label"]!, now[i].Label);
            foreach (var c in predictor.ClassNames)
                Assert.InRange(Math.Abs((double)before[i]["probabilities"]![c]! - now[i].Probabilities[c]), 0, 6e-5);
        }
    }
}
