using System.Text.Json.Nodes;
using Sure.Data;
using Sure.Inference;

namespace Sure.Tests.Inference;

/// <summary>Model files of format versions 1 (written before the front-end list) and 2 (the GloVe TextCNN under text/,
/// before it became a registered front end) still open and predict what they predicted.</summary>
public class ModelFileVersionTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Inference", "Fixtures", name);

    [Theory]
    [InlineData(1)] // commit 2d731bf
    [InlineData(3)] // commit 84a1bd3, the last to store the whole run configuration
    public void A_model_file_over_given_vectors_of_an_older_version_opens_and_predicts_what_it_predicted_before(int version)
    {
        using var predictor = SurePredictor.Open(Fixture($"model-v{version}.sure"), new PredictorOptions(Threads: 1));
        Assert.Equal(version, predictor.Manifest.FormatVersion);
        Assert.Null(predictor.Manifest.FrontEnds);
        Assert.NotNull(predictor.Manifest.Config); // versions 1-3: the run configuration the model options are read from
        Assert.Null(predictor.Manifest.Model);
        var conversations = ConversationReader.Read(Fixture("model-v1-data.jsonl"));
        // what the build of that version predicted (sure predict, probabilities rounded to 4 decimals): see Fixtures/README.md
        var before = File.ReadLines(Fixture($"model-v{version}-predictions.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
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

    [Theory]
    [InlineData("textcnn")]
    [InlineData("end2end")]
    public void A_version_2_model_file_over_raw_text_opens_and_predicts_what_it_predicted_before(string encoder)
    {
        using var predictor = SurePredictor.Open(Fixture($"model-v2-{encoder}.sure"), new PredictorOptions(Threads: 1));
        Assert.Equal(2, predictor.Manifest.FormatVersion);
        Assert.Equal(encoder, predictor.TextFrontEnd);
        var conversations = ConversationReader.Read(Fixture("model-v2-text-data.jsonl"));
        // what the version-2 build (commit 15fd58f) predicted from the text alone: see Fixtures/README.md
        var before = File.ReadLines(Fixture($"model-v2-{encoder}-predictions.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var now = conversations.SelectMany(predictor.Predict).ToList(); // the data has text only
        Assert.Equal(before.Count, now.Count);
        for (int i = 0; i < now.Count; i++)
        {
            Assert.Equal((string)before[i]["conversation"]!, now[i].ConversationId);
            Assert.Equal((string)before[i]["label"]!, now[i].Label);
            Assert.InRange(Math.Abs((double)before[i]["known_word_share"]! - now[i].KnownWordShare!.Value), 0, 6e-5); // written to 4 decimals
            foreach (var c in predictor.ClassNames)
                Assert.InRange(Math.Abs((double)before[i]["probabilities"]![c]! - now[i].Probabilities[c]), 0, 6e-5);
        }
    }

    [Fact]
    public void A_version_2_textcnn_file_rewritten_by_this_build_keeps_its_textcnn_under_the_front_ends()
    {
        using var tmp = new Sure.Tests.Data.TempDir();
        var old = ModelFile.Read(Fixture("model-v2-textcnn.sure"));
        var copy = tmp.File("v3.sure");
        ModelFile.Write(copy, new ModelFileContents
        {
            Manifest = old.Manifest with { FormatVersion = ModelFile.FormatVersion, FrontEnds = [.. old.FrontEnds.Select(f => new Sure.FrontEnds.FrontEndEntry(f.Modality.Name(), f.Kind, f.Dim, f.Describe()))] },
            Model = old.Model, EndToEndTextCnn = old.EndToEndTextCnn, Weights = old.Weights, FrontEnds = old.FrontEnds,
        });
        using (var zip = System.IO.Compression.ZipFile.OpenRead(copy))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("front_ends/text/textcnn.json", names);
            Assert.DoesNotContain(names, n => n.StartsWith("text/", StringComparison.Ordinal));
        }
        using var a = SurePredictor.Open(Fixture("model-v2-textcnn.sure"));
        using var b = SurePredictor.Open(copy);
        Assert.Equal(ModelFile.FormatVersion, b.Manifest.FormatVersion);
        Assert.Equal("textcnn", Assert.Single(b.Manifest.FrontEnds!).Kind);
        var conversation = new Conversation("new", [new Turn("A", "the day is so great"), new Turn("B", "really hate it zzzq")]);
        var pa = a.Predict(conversation);
        var pb = b.Predict(conversation);
        for (int i = 0; i < pa.Count; i++) Assert.Equal(pa[i].Probabilities, pb[i].Probabilities); // bit for bit
    }
}
