using Sure.Data;
using Sure.Data.Formats;
using Sure.Text.Bert;

namespace Sure.Tests.Text.Bert;

/// <summary>Token ids as the reference BERT uncased tokenizer gives them (the expected ids were checked against a Python
/// re-statement of Hugging Face's BasicTokenizer + WordpieceTokenizer, which agrees with this tokenizer on all 21,141
/// IEMOCAP and MELD utterances).</summary>
public class BertTokenizerTests
{
    private static readonly BertTextTokenizer Tokenizer = PretrainedTextModel.MiniLm.CreateTokenizer(16);

    private static string Pieces(string? text) => Tokenizer.Decode(Tokenizer.Encode(text).Ids);

    [Fact]
    public void AccentsAreStrippedUnderInvariantGlobalization()
    {
        Assert.Equal([101, 7668, 2139, 3900, 24728, 102], Tokenizer.Encode("Café déjà vu").Ids); // [CLS] cafe de ##ja vu [SEP]
        Assert.Equal("[CLS] cafe deja vu [SEP]", Pieces("Café déjà vu"));
        Assert.Equal(Tokenizer.Encode("cafe deja vu").Ids, Tokenizer.Encode("Café déjà vu").Ids);
        Assert.Equal(Tokenizer.Encode("cafe").Ids, Tokenizer.Encode("CAFE\u0301").Ids); // a combining accent already decomposed
        Assert.Equal(Tokenizer.Encode("naive").Ids, Tokenizer.Encode("NAÏVE").Ids);
        Assert.DoesNotContain(Tokenizer.UnknownId, Tokenizer.Encode("Café déjà vu").Ids);
        Assert.Equal("\u1112\u1161\u11AB", BertTextNormalizer.LowerAndStripAccents("한")); // Hangul: canonical jamo
    }

    [Fact]
    public void SymbolsAndEmojiAreKeptAsTheReferenceKeepsThem()
    {
        Assert.Equal([101, 1002, 1019, 1037, 1009, 1038, 102], Tokenizer.Encode("$5 a+b").Ids); // ML.Tokenizers alone drops $ and +
        Assert.Equal([101, Tokenizer.UnknownId, 7632, 102], Tokenizer.Encode("🙂 hi").Ids);
        Assert.Equal([101, 10047, 102], Tokenizer.Encode("I\u0092m").Ids); // a C1 control character is dropped
    }

    [Fact]
    public void EmptyAndLongTextsAndTruncation()
    {
        Assert.Equal([101, 102], Tokenizer.Encode("").Ids);
        Assert.Equal([101, 102], Tokenizer.Encode(null).Ids);
        Assert.Equal([101, 102], Tokenizer.Encode(" \t\n").Ids);
        var shortText = Tokenizer.Encode("hello world");
        Assert.False(shortText.Truncated);
        var longText = Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("hello", 1000)));
        Assert.True(longText.Truncated);
        Assert.Equal(16, longText.Ids.Length);
        Assert.Equal(1002, longText.FullLength);
        Assert.Equal(102, longText.Ids[^1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => PretrainedTextModel.MiniLm.CreateTokenizer(2));
    }

    [SharedDataFact]
    public void AccentedMeldUtterancesHaveNoUnknownTokens()
    {
        var ds = DatasetLoader.Load(SharedData.PathOf("features/meld-minilm.jsonl"));
        var accented = ds.Dialogues.SelectMany(d => d.Utterances).Select(u => u.Text ?? "")
            .Where(t => t.Any(c => c is >= '\u00C0' and <= '\u017F')).ToList();
        Assert.Equal(7, accented.Count);
        foreach (var t in accented) Assert.DoesNotContain(Tokenizer.UnknownId, PretrainedTextModel.MiniLm.CreateTokenizer().Encode(t).Ids);
    }
}
