using Sure.Text.Bert;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Tests.Text.Bert;

/// <summary>The lower/upper split that <c>bench joint</c> uses to cache the layers it does not train.</summary>
public class BertLayerSplitTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void LowerThenUpperLayersGiveTheWholeForwardPass(int split)
    {
        using var bert = new BertModel(new BertConfig(VocabSize: 20, HiddenSize: 8, Layers: 3, Heads: 2, IntermediateSize: 16, MaxPositions: 10, TypeVocabSize: 2));
        bert.eval();
        // two texts, the second padded after 3 tokens
        using var ids = tensor(new long[] { 2, 5, 7, 9, 3, 2, 11, 3, 0, 0 }, [2, 5]);
        using var mask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, [2, 5]);
        using var _ = no_grad();
        using var whole = bert.call(ids, mask);
        using var lower = bert.ForwardLower(ids, mask, split);
        using var parts = bert.ForwardUpper(lower, mask, split);
        Assert.Equal(whole.data<float>().ToArray(), parts.data<float>().ToArray());
        // a real token's states do not depend on the padding after it: the first 3 rows of text 2 alone are the same
        using var alone = bert.ForwardLower(ids[1..2, ..3], mask[1..2, ..3], split);
        Assert.True(alone.allclose(lower[1..2, ..3], rtol: 1e-5, atol: 1e-6));
    }
}
