using Sure.Configuration;
using Sure.Data;
using Sure.Inference;
using Sure.Tests.Data;

namespace Sure.Tests.Inference;

/// <summary>SurePredictor.PredictMany: many conversations per pass, padded, equal to one at a time.</summary>
public class BatchedPredictionTests
{
    [Theory]
    [InlineData("sure", ContextMode.Bidirectional)]
    [InlineData("sure", ContextMode.Causal)]
    [InlineData("bigru", ContextMode.Bidirectional)]
    [InlineData("mlp", ContextMode.Causal)]
    public void ManyConversationsPerPassEqualOneAtATime(string kind, ContextMode context)
    {
        using var tmp = new TempDir();
        var path = CausalStreamTests.TinyModelFile(tmp, kind, context);
        // lengths out of order, an empty conversation, one longer than a pass (40 > 30 turns): it goes alone
        int[] lengths = [7, 1, 40, 3, 0, 12, 5, 5, 2, 9];
        var calls = lengths.Select((n, i) => CausalStreamTests.Call($"c{i}", n, 1 + i % 3, seed: 50 + i)).ToList();
        using var single = SurePredictor.Open(path);
        var expected = calls.Select(single.Predict).ToList();
        using var batched = SurePredictor.Open(path, new PredictorOptions(BatchTurns: 30));
        Assert.Equal(30, batched.BatchTurns);
        var got = batched.PredictMany(calls);
        Assert.Equal(calls.Count, got.Count);
        for (int c = 0; c < calls.Count; c++)
        {
            Assert.Equal(lengths[c], got[c].Count);
            for (int i = 0; i < lengths[c]; i++) CausalStreamTests.AssertSame(expected[c][i], got[c][i]);
        }
    }

    [Fact]
    public void PassesAreSortedByLengthAndHoldAtMostTheBudgetOncePadded()
    {
        // lengths 5, 1, 3, 0, 9 with 10 turns a pass: by length 1 (#1), 3 (#2), 5 (#0), 9 (#4); #1 and #2 pad to
        // 2 × 3 = 6 turns; adding #0 would pad to 3 × 5 = 15; #0 with #4 to 2 × 9 = 18; the empty #3 is in none
        var dialogues = new[] { 5, 1, 3, 0, 9 }.Select(n => new Dialogue
        {
            Id = $"d{n}", Utterances = Enumerable.Range(0, n).Select(_ => new Utterance { Speaker = "a" }).ToList(),
        }).ToList();
        var batches = SurePredictor.Batches(dialogues, 10);
        Assert.Equal([[1, 2], [0], [4]], batches);
        Assert.Equal([[1, 2, 0, 4]], SurePredictor.Batches(dialogues, 36));   // 4 × 9 = 36
    }

    [Fact]
    public void ABadTurnInAnyConversationIsNamed()
    {
        using var tmp = new TempDir();
        using var predictor = SurePredictor.Open(CausalStreamTests.TinyModelFile(tmp, "sure", ContextMode.Bidirectional));
        var calls = new List<Conversation> { CausalStreamTests.Call("ok", 4, 2, seed: 1), CausalStreamTests.Call("bad", 3, 2, seed: 2) };
        calls[1] = calls[1] with { Turns = [calls[1].Turns[0], new Turn("speaker 0", "no vectors"), calls[1].Turns[2]] };
        var e = Assert.Throws<Sure.Errors.SureDataException>(() => predictor.PredictMany(calls));
        Assert.Contains("bad", e.Message);
        Assert.Equal(1, e.UtteranceIndex);
    }
}
