using Sure.Data;
using Sure.Training;

namespace Sure.Tests.Training;

public class ClassWeightsTests
{
    [Fact]
    public void InverseFrequencyHandWorked()
    {
        // labels: 0,0,0,1 → n = 4, C = 3: w0 = 4/(3·3) = 0.4444, w1 = 4/(3·1) = 1.3333, w2 absent → 0
        var d = new Dialogue { Id = "d", Utterances = [.. new[] { 0, 0, 0, 1, -1 }.Select(l => new Utterance { Speaker = "a", Label = l })] };
        var w = ClassWeights.FromFrequencies([d], 3);
        Assert.Equal(4f / 9f, w[0], 5);
        Assert.Equal(4f / 3f, w[1], 5);
        Assert.Equal(0f, w[2]);
    }

    [Fact]
    public void ValidationSplitIsCarvedBySeedOnlyWhenAbsent()
    {
        ConversationDataset Make() => new()
        {
            Name = "x", ClassNames = ["a", "b"],
            Dialogues = [.. Enumerable.Range(0, 20).Select(i => new Dialogue { Id = $"d{i}", Split = Split.Train })],
        };
        var a = Make();
        var b = Make();
        Assert.Equal(2, ValidationSplit.Ensure(a, 0.1, 5));
        ValidationSplit.Ensure(b, 0.1, 5);
        Assert.Equal(a.In(Split.Valid).Select(d => d.Id), b.In(Split.Valid).Select(d => d.Id));
        Assert.Equal(0, ValidationSplit.Ensure(a, 0.1, 5));
    }
}
