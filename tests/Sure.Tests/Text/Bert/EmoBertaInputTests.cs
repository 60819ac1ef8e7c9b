using System.IO.Compression;
using Sure.Configuration;
using Sure.Text.Bert;

namespace Sure.Tests.Text.Bert;

/// <summary>
/// The EmoBERTa layout (<c>--encoder-input emoberta</c>): <c>[CLS] past [SEP] Speaker: utterance [SEP] future [SEP]</c>.
/// Expected ids worked by hand from the package's vocab.txt (line number = id): [CLS] 101, [SEP] 102, ":" 1024, "ann" 5754,
/// "bob" 3960, "i" 1045, "am" 2572, "happy" 3407, "why" 2339, "no" 2053, "reason" 3114, "ok" 7929.
/// </summary>
public class EmoBertaInputTests
{
    private const int Cls = 101, Sep = 102, Colon = 1024, Ann = 5754, Bob = 3960;
    private static readonly int[] T0 = [Ann, Colon, 1045, 2572, 3407]; // ann : i am happy
    private static readonly int[] T1 = [Bob, Colon, 2339];              // bob : why
    private static readonly int[] T2 = [Ann, Colon, 2053, 3114];        // ann : no reason
    private static readonly int[] T3 = [Bob, Colon, 7929];              // bob : ok
    private static readonly (string Speaker, string? Text)[] Turns = [("Ann", "I am happy"), ("Bob", "why"), ("Ann", "no reason"), ("Bob", "ok")];

    private static int[] Ids(params object[] parts) => [.. parts.SelectMany(p => p is int i ? [i] : (int[])p)];

    private static BertTokens[] Pack(int max, bool pastOnly = false, int maxTurns = 0) =>
        BertContextInput.EncodeEmoBerta(PretrainedTextModel.MiniLm.CreateTokenizer(max), Turns, maxTurns, pastOnly);

    [Fact]
    public void PastThenTheSpeakerAndUtteranceThenTheFutureInConversationOrder()
    {
        var x = Pack(64);
        Assert.Equal(Ids(Cls, T0, Sep, T1, Sep, T2, T3, Sep), x[1].Ids);
        Assert.Equal((5 + 2, 5 + 2 + 3), (x[1].PoolStart, x[1].PoolEnd)); // mean pooling over "bob : why" only
        Assert.False(x[1].Truncated);
        // the first turn has an empty past, the last an empty future; their [SEP]s stay
        Assert.Equal(Ids(Cls, Sep, T0, Sep, T1, T2, T3, Sep), x[0].Ids);
        Assert.Equal((2, 7), (x[0].PoolStart, x[0].PoolEnd));
        Assert.Equal(Ids(Cls, T0, T1, T2, Sep, T3, Sep, Sep), x[3].Ids);
        // the string layer agrees
        var tok = PretrainedTextModel.MiniLm.CreateTokenizer(64);
        Assert.Equal("[CLS] ann : i am happy [SEP] bob : why [SEP] ann : no reason bob : ok [SEP]", tok.Decode(x[1].Ids));
    }

    [Fact]
    public void TheBudgetDropsTheFarthestTurnsFirstAndAtEqualDistanceThePastComesFirst()
    {
        // target turn 2 "ann : no reason" (4) + 4 specials = 8 ids
        // max 14: room 6 → past 1 "bob : why" (3), future 1 "bob : ok" (3); past 2 "ann : i am happy" (5) no longer fits
        Assert.Equal(Ids(Cls, T1, Sep, T2, Sep, T3, Sep), Pack(14)[2].Ids);
        // max 12: room 4 → past 1 (3); future 1 (3) does not fit, nor past 2 (5)
        Assert.Equal(Ids(Cls, T1, Sep, T2, Sep, Sep), Pack(12)[2].Ids);
        // max 17: room 9 → past 1 (3), future 1 (3), past 2 (5) does not fit the 3 left: a side stops at its first misfit
        Assert.Equal(Ids(Cls, T1, Sep, T2, Sep, T3, Sep), Pack(17)[2].Ids);
        // max 19: room 11 → all three turns (3 + 3 + 5)
        Assert.Equal(Ids(Cls, T0, T1, Sep, T2, Sep, T3, Sep), Pack(19)[2].Ids);
        // a cap on turns per side: 1
        Assert.Equal(Ids(Cls, T1, Sep, T2, Sep, T3, Sep), Pack(64, maxTurns: 1)[2].Ids);
        // a target longer than the budget is cut alone, with no context: max 8 keeps 4 of its 5 pieces
        var cut = Pack(8)[0];
        Assert.Equal(Ids(Cls, Sep, Ann, Colon, 1045, 2572, Sep, Sep), cut.Ids);
        Assert.True(cut.Truncated);
        Assert.Equal(9, cut.FullLength);
        Assert.All(Pack(12).Concat(Pack(14)).Concat(Pack(8)), t => Assert.True(t.Ids.Length <= 14));
    }

    [Fact]
    public void PastOnlyNeverReadsALaterTurn()
    {
        var x = Pack(64, pastOnly: true);
        Assert.Equal(Ids(Cls, Sep, T0, Sep), x[0].Ids);
        Assert.Equal(Ids(Cls, T0, Sep, T1, Sep), x[1].Ids);
        Assert.Equal(Ids(Cls, T0, T1, T2, Sep, T3, Sep), x[3].Ids);
        Assert.Equal((12 + 2, 12 + 2 + 3), (x[3].PoolStart, x[3].PoolEnd));
        // budget: 3 specials + "bob : ok" (3) = 6; max 10 leaves 4: "ann : no reason" (4) fits, then "bob : why" does not
        Assert.Equal(Ids(Cls, T2, Sep, T3, Sep), Pack(10, pastOnly: true)[3].Ids);
        // the past-only ids of turn i are the same whatever follows it (a live conversation gets the same vectors)
        var prefix = BertContextInput.EncodeEmoBerta(PretrainedTextModel.MiniLm.CreateTokenizer(64), Turns[..2], 0, pastOnly: true);
        Assert.Equal(x[1].Ids, prefix[1].Ids);
    }

    [Fact]
    public void PoolingCoversTheTargetSpanOnly()
    {
        var batch = new BertBatch([new BertTokens([101, 7, 102, 8, 9, 102], false, 6) { PoolStart = 3, PoolEnd = 5 }], padId: 0);
        Assert.Equal([0L, 0, 0, 1, 1, 0], batch.PoolMask);
    }

    [Fact]
    public void ACausalModelGetsThePastOnlyLayoutAutomatically()
    {
        var emo = new BertFineTuneOptions { Input = BertFineTuneOptions.EmoBertaInput };
        Assert.True(emo.ForModel(causal: true).PastOnly);
        Assert.False(emo.ForModel(causal: false).PastOnly);
        Assert.False(new BertFineTuneOptions().ForModel(causal: true).PastOnly); // the utterance layout has no past-only variant
        var kind = new FineTunedTextFrontEndKind(PretrainedTextModel.MiniLm);
        var causal = new SureConfig { Context = ContextMode.Causal, Encoder = emo };
        Assert.Contains(";input=emoberta-past", kind.SettingsKey(causal));
        Assert.Contains(";input=emoberta;", kind.SettingsKey(causal with { Context = ContextMode.Bidirectional }) + ";");
        Assert.Throws<Sure.Errors.SureUserException>(() => new BertFineTuneOptions { PastOnly = true }.Validate());
        Assert.Throws<Sure.Errors.SureUserException>(() => new BertFineTuneOptions { Input = "roberta" }.Validate());
    }

    [Fact]
    public void TheLayoutTravelsWithTheEncoder()
    {
        var bert = new FineTunedBert(PretrainedTextModel.MiniLm, 128, [new Sure.IO.TensorData("w", [1], [0f])], 0, null, BertFineTuneOptions.EmoBertaInput, pastOnly: true);
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true)) bert.WriteTo(zip, "text/");
        ms.Position = 0;
        using var read = new ZipArchive(ms, ZipArchiveMode.Read);
        var back = FineTunedBert.ReadFrom(read, "text/", "test.zip");
        Assert.Equal(BertFineTuneOptions.EmoBertaInput, back.Input);
        Assert.True(back.PastOnly);
        Assert.True(back.ReadsContext);
        Assert.True(new FineTunedTextFrontEnd(back, "test").Streamable); // past only: a live turn is read with the turns before it
        var twoSided = new FineTunedBert(PretrainedTextModel.MiniLm, 128, back.Weights, 0, null, BertFineTuneOptions.EmoBertaInput, pastOnly: false);
        Assert.False(new FineTunedTextFrontEnd(twoSided, "test").Streamable);
        Assert.False(new FineTunedTextFrontEnd(new FineTunedBert(PretrainedTextModel.MiniLm, 128, back.Weights, context: 1), "test").Streamable);
        var tok = PretrainedTextModel.MiniLm.CreateTokenizer(128);
        Assert.Equal(Ids(Cls, T0, Sep, T1, Sep), back.Tokens(tok, Turns)[1].Ids);
        Assert.Equal(Ids(Cls, T0, Sep, T1, Sep), BertContextInput.EncodeEmoBertaPastOnlyLast(tok, [.. Turns.Take(2)], 0).Ids);
    }
}
