using Sure.Data;
using Sure.Text;
using Sure.Text.Bert;

namespace Sure.Tests.Text.Bert;

[Collection(PretrainedEncoderCollection.Name)]
public class PretrainedTextFeaturesTests(PretrainedEncoderFixture models)
{
    private static ConversationDataset Tiny() => new()
    {
        Name = "tiny", ClassNames = ["neutral", "joy"],
        Dialogues =
        {
            new Dialogue { Id = "0", Split = Split.Train, Utterances = { new Utterance { Speaker = "A", Label = 1, Text = "Oh my God!" }, new Utterance { Speaker = "B", Label = 0, Text = "You're not sorry you came?" } } },
            new Dialogue { Id = "1", Split = Split.Test, Utterances = { new Utterance { Speaker = "A", Label = 0, Text = "" } } },
        },
    };

    [Fact]
    public void CacheKeysChangeWithModelMaxLengthAndThreads()
    {
        var ds = Tiny();
        var mini = PretrainedTextModel.MiniLm;
        var arctic = PretrainedTextModel.ArcticXs;
        string Key(PretrainedTextModel m, int max, int threads) => TextFeatureCache.Key(ds, PretrainedTextFeatures.Fingerprint(m, m.CreateTokenizer(max), threads));
        var keys = new[] { Key(mini, 256, 1), Key(mini, 128, 1), Key(mini, 256, 2), Key(arctic, 256, 1) };
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.Equal(keys[0], Key(mini, 256, 1));
    }

    [Fact]
    public void FeaturesAreTheEncodersVectorsAndComeBackFromTheCache()
    {
        var cacheDir = Path.Combine(Path.GetTempPath(), "pretrained-features-" + Guid.NewGuid().ToString("N"));
        var first = Tiny();
        var log = new List<string>();
        PretrainedTextFeatures.Ensure(first, PretrainedTextModel.MiniLm, threads: 1, cacheDir, log.Add);
        Assert.Contains(log, l => l.Contains("0 cut to 256 tokens"));
        var expected = models["minilm"].Ort.Encode(["Oh my God!", "You're not sorry you came?", ""]).Vectors;
        var got = first.Dialogues.SelectMany(d => d.Utterances).Select(u => u[Modality.Text]!).ToArray();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], got[i]);

        var second = Tiny();
        log.Clear();
        PretrainedTextFeatures.Ensure(second, PretrainedTextModel.MiniLm, threads: 1, cacheDir, log.Add);
        Assert.Contains(log, l => l.Contains("read from cache"));
        Assert.Equal(got, second.Dialogues.SelectMany(d => d.Utterances).Select(u => u[Modality.Text]!).ToArray());
    }
}
