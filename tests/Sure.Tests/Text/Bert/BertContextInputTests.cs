using Sure.Text.Bert;

namespace Sure.Tests.Text.Bert;

/// <summary>An utterance read with its neighbours (<c>--encoder-context</c>): layout, budget and pooling span, worked by hand.</summary>
public class BertContextInputTests
{
    private static readonly (string Speaker, string? Text)[] Turns = [("Ann", "I am happy"), ("Bob", "why"), ("Ann", "no reason")];

    private static string Decode(BertTextTokenizer t, BertTokens x) => t.Decode(x.Ids);

    [Fact]
    public void TheUtteranceComesFirstThenTheTurnsBeforeAndAfterWithTheirSpeakers()
    {
        var tok = PretrainedTextModel.MiniLm.CreateTokenizer(32);
        var x = BertContextInput.Encode(tok, Turns, context: 1);
        Assert.Equal("[CLS] why [SEP] ann : i am happy [SEP] ann : no reason [SEP]", Decode(tok, x[1]));
        Assert.Equal(3, x[1].PoolEnd); // [CLS] why [SEP]
        Assert.False(x[1].Truncated);
        // the first turn has nothing before it, the last nothing after it
        Assert.Equal("[CLS] i am happy [SEP] [SEP] bob : why [SEP]", Decode(tok, x[0]));
        Assert.Equal(5, x[0].PoolEnd);
        Assert.Equal("[CLS] no reason [SEP] bob : why [SEP] [SEP]", Decode(tok, x[2]));
        // two turns of context reach the far turn too, oldest first
        Assert.Equal("[CLS] no reason [SEP] ann : i am happy bob : why [SEP] [SEP]", Decode(tok, BertContextInput.Encode(tok, Turns, 2)[2]));
    }

    [Fact]
    public void WithoutContextTheIdsAreThePlainOnes()
    {
        var tok = PretrainedTextModel.MiniLm.CreateTokenizer(32);
        var x = BertContextInput.Encode(tok, Turns, context: 0);
        for (int i = 0; i < Turns.Length; i++)
        {
            Assert.Equal(tok.Encode(Turns[i].Text).Ids, x[i].Ids);
            Assert.Equal(x[i].Ids.Length, x[i].PoolEnd);
        }
    }

    [Fact]
    public void ContextTurnsAreAddedWholeWhileTheyFitAndALongUtteranceIsCutAlone()
    {
        // max 10: [CLS] why [SEP] (3) + the two closing [SEP]s leave 5 word pieces: "ann : i am happy" (5) fits, "ann : no reason" (4) no longer does
        var tok = PretrainedTextModel.MiniLm.CreateTokenizer(10);
        var x = BertContextInput.Encode(tok, Turns, context: 1);
        Assert.Equal("[CLS] why [SEP] ann : i am happy [SEP] [SEP]", Decode(tok, x[1]));
        Assert.Equal(10, x[1].Ids.Length);

        var tiny = PretrainedTextModel.MiniLm.CreateTokenizer(4);
        var cut = BertContextInput.Encode(tiny, Turns, context: 1)[0]; // "i am happy" needs 5 ids; it keeps 2 pieces and no context
        Assert.Equal("[CLS] i am [SEP]", Decode(tiny, cut));
        Assert.True(cut.Truncated);
        Assert.Equal(5, cut.FullLength);
        Assert.Equal(4, cut.PoolEnd);
    }

    [Fact]
    public void MeanPoolingAveragesOnlyTheUtterancesOwnSpan()
    {
        var rows = new[] { new BertTokens([101, 7, 102, 8, 102], false, 3) { PoolEnd = 3 }, new BertTokens([101, 9, 102], false, 3) };
        var batch = new BertBatch(rows, padId: 0);
        Assert.Equal([1L, 1, 1, 0, 0, 1, 1, 1, 0, 0], batch.PoolMask);
        Assert.Equal([1L, 1, 1, 1, 1, 1, 1, 1, 0, 0], batch.Mask);
        // hidden states 1..5 in one dimension: the first row pools (1 + 2 + 3) / 3 = 2, unit norm → 1; with two dims (x, 1):
        float[] hidden = [1, 1, 2, 1, 3, 1, 40, 1, 50, 1, /* row 2 */ 0, 1, 0, 1, 0, 1, 0, 0, 0, 0];
        var pooled = SentencePooling.Apply(hidden, batch.PoolMask, 2, 5, 2, SentencePoolingMode.Mean);
        double n = Math.Sqrt(2 * 2 + 1); // mean (2, 1), not (19.2, 1) as over all five tokens
        Assert.Equal(2 / n, pooled[0][0], 6);
        Assert.Equal(1 / n, pooled[0][1], 6);
        Assert.Equal([0f, 1f], pooled[1]);
    }
}
