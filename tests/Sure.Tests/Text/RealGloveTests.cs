using Sure.Data;
using Sure.Text;
using Sure.Configuration;

namespace Sure.Tests.Text;

/// <summary>Against the real GloVe subset in ../shared/data (skipped when it is absent).</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class RealGloveTests
{
    private static string GlovePath => SharedData.PathOf("glove/glove.6B.100d.merc-subset.txt");

    [SharedDataFact]
    public void ReadsTheMercSubsetAndCoversTranscriptTokens()
    {
        var v = WordVectors.Load(GlovePath);
        Assert.Equal(100, v.Dim);
        Assert.Equal(7030, v.Count);
        Assert.Contains(",", v.Words);
        Assert.Contains(v.Vector("happy"), x => x != 0);

        // MELD-pickle style cp1252 text and CSV mojibake, including clitics the subset lacks ("n't", "'m")
        var ds = new ConversationDataset { Name = "slice", ClassNames = ["neutral", "joy"] };
        ds.Dialogues.Add(new Dialogue
        {
            Id = "0",
            Split = Split.Train,
            Utterances =
            {
                new Utterance { Speaker = "Joey", Label = 1, Text = "Oh my God, I\u0092m so happy!" },
                new Utterance { Speaker = "Ross", Label = 0, Text = "I don\u00E2\u20AC\u2122t know\u0085 maybe?" },
            },
        });
        var vocab = Vocabulary.Build(ds, v);
        var ids = vocab.Encode(ds);
        // every token has a vector except "i": the subset has no one-letter words
        var unknown = ds.Dialogues[0].Utterances.SelectMany(u => Tokenizer.Tokenize(u.Text)).Where(t => vocab.Id(t) == Vocabulary.UnknownId).Distinct();
        Assert.Equal(["i"], unknown);
        Assert.Equal(7, ids[0][1].Length); // i do n't know ... maybe ?
        Assert.Equal("not", vocab.VectorWord(vocab.Id("n't")));

        var filtered = WordVectors.Load(GlovePath, Vocabulary.WordsNeeded(ds).Contains);
        Assert.InRange(filtered.Count, 10, 30);
        Assert.Equal(v.Vector("happy"), filtered.Vector("happy"));
    }

    // Was skipped as flaky (all-NaN features in 5 of 9 full-suite runs, never alone): libtorch's convolution over 100
    // GloVe dimensions read stale memory on this host, NaN once earlier tests had left NaN there (ConvMaxPool.Convolve).
    [Fact]
    public void TextCnnRunsOnRealVectors()
    {
        var v = WordVectors.Load(GlovePath);
        var ds = new ConversationDataset { Name = "slice", ClassNames = ["neg", "pos"] };
        string[] pos = ["i love this , it is great !", "that is wonderful news .", "we are so happy for you !"];
        string[] neg = ["i hate this , it is awful .", "that is terrible news .", "you make me so angry !"];
        for (int d = 0; d < 6; d++)
            ds.Dialogues.Add(new Dialogue
            {
                Id = $"d{d}",
                Split = d < 4 ? Split.Train : Split.Test,
                Utterances = { new Utterance { Speaker = "A", Label = 1, Text = pos[d % 3] }, new Utterance { Speaker = "B", Label = 0, Text = neg[d % 3] }, new Utterance { Speaker = "A", Label = 0, Text = "" } },
            });
        var o = new TextCnnOptions { Epochs = 2, BatchSize = 4, Filters = 16, FeatureSize = 12 };
        new TextCnnFeatureExtractor(o).Run(ds, v);
        Assert.All(ds.Dialogues.SelectMany(x => x.Utterances), u =>
        {
            Assert.Equal(12, u[Modality.Text]!.Length);
            Assert.All(u[Modality.Text]!, x => Assert.True(float.IsFinite(x)));
        });
        Assert.Equal(12, ds.Dim(Modality.Text));
    }
}
