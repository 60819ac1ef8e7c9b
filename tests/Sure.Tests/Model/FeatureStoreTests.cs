using Sure.Data;
using Sure.Errors;
using Sure.Model;
using static TorchSharp.torch;

namespace Sure.Tests.Model;

public class FeatureStoreTests
{
    private static readonly int[] Dims = [5, 3, 4];

    /// <summary>Dialogues of varied lengths with random features, some vectors missing, some labels -1.</summary>
    private static List<Dialogue> Dialogues(int count, int seed)
    {
        var rng = new Random(seed);
        var list = new List<Dialogue>();
        for (int d = 0; d < count; d++)
        {
            var dialogue = new Dialogue { Id = $"d{d}" };
            int length = 1 + rng.Next(9);
            for (int i = 0; i < length; i++)
            {
                var u = new Utterance { Speaker = "S" + rng.Next(4), Label = rng.Next(5) - 1 };
                foreach (var m in Modalities.All)
                    u[m] = rng.Next(6) == 0 ? null : Enumerable.Range(0, Dims[(int)m]).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
                dialogue.Utterances.Add(u);
            }
            list.Add(dialogue);
        }
        return list;
    }

    private static void AssertSameBatch(DialogueBatch expected, DialogueBatch actual)
    {
        for (int m = 0; m < Modalities.Count; m++)
        {
            Assert.Equal(expected.Features[m] is null, actual.Features[m] is null);
            if (expected.Features[m] is { } e)
            {
                Assert.Equal(e.shape, actual.Features[m]!.shape);
                Assert.Equal(e.data<float>().ToArray(), actual.Features[m]!.data<float>().ToArray()); // bit for bit
            }
        }
        Assert.Equal(expected.Mask.data<bool>().ToArray(), actual.Mask.data<bool>().ToArray());
        Assert.Equal(expected.Speakers.data<long>().ToArray(), actual.Speakers.data<long>().ToArray());
        Assert.Equal(expected.Labels.data<long>().ToArray(), actual.Labels.data<long>().ToArray());
        Assert.Equal(expected.Lengths, actual.Lengths);
        Assert.Equal(expected.DialogueIds, actual.DialogueIds);
    }

    [Theory]
    [InlineData(new[] { Modality.Text, Modality.Audio, Modality.Visual })]
    [InlineData(new[] { Modality.Audio })]
    [InlineData(new[] { Modality.Text, Modality.Visual })]
    public void BatchesFromTheStoreEqualThePerUtteranceCollateBitForBit(Modality[] used)
    {
        using var scope = NewDisposeScope();
        var dialogues = Dialogues(23, 5);
        using var store = FeatureStore.Build(dialogues, used, Dims);
        var order = dialogues.ToArray();
        new Random(9).Shuffle(order);
        foreach (var chunk in order.Chunk(4))
        {
            using var expected = DialogueCollator.Collate(chunk, used, Dims, 3, CPU);
            using var actual = DialogueCollator.Collate(chunk, used, Dims, 3, CPU, store);
            AssertSameBatch(expected, actual);
        }
    }

    [Fact]
    public void ModelInputsUseTheStoreOnlyForTheDialoguesItHolds()
    {
        using var scope = NewDisposeScope();
        var held = Dialogues(6, 1);
        var other = Dialogues(3, 2);
        var inputs = new ModelInputs([Modality.Text, Modality.Audio, Modality.Visual], Dims, 3, CPU).WithStore(held);
        using var store = inputs.Store!;
        Assert.True(store.Covers(held));
        Assert.False(store.Covers([held[0], other[0]]));
        using var mixed = inputs.Collate([held[0], other[0]]);   // falls back to the per-utterance path
        using var expected = DialogueCollator.Collate([held[0], other[0]], inputs.Used, Dims, 3, CPU);
        AssertSameBatch(expected, mixed);

        held[1].Utterances.RemoveAt(0);                            // changed since the store was built: not covered
        Assert.False(store.Covers([held[1]]));
    }

    [Fact]
    public void AVectorOfTheWrongSizeIsADataErrorNamingTheUtterance()
    {
        var dialogues = Dialogues(2, 3);
        dialogues[1].Utterances[0][Modality.Audio] = [1f, 2f];
        var e = Assert.Throws<SureDataException>(() => FeatureStore.Build(dialogues, [Modality.Audio], Dims));
        Assert.Contains("expected 3", e.Message);
        Assert.Contains("d1", e.Message);
    }
}
