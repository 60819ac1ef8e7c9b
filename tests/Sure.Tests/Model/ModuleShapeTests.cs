using Sure.Configuration;
using Sure.Data;
using Sure.Model;
using static TorchSharp.torch;

namespace Sure.Tests.Model;

public class ModuleShapeTests
{
    private const int B = 2, N = 5, D = 16;

    private static Tensor Mask() => tensor(new[] { true, true, true, true, true, true, true, true, false, false }, [B, N]);

    [Fact]
    public void InputProjectionMapsToHidden()
    {
        using var scope = NewDisposeScope();
        var p = new InputProjection(7, D);
        Assert.Equal(new long[] { B, N, D }, p.forward(randn(B, N, 7)).shape);
        Assert.Equal(["linear.weight"], p.state_dict().Keys.ToArray());
    }

    [Theory]
    [InlineData(RoutingMode.Uncertainty)]
    [InlineData(RoutingMode.Softmax)]
    public void MoeShapesAndWeights(RoutingMode routing)
    {
        using var scope = NewDisposeScope();
        var moe = new UncertaintyMoE(D, 4, 3, routing, 1.0, true);
        var r = moe.forward(randn(B, N, D), Mask());
        Assert.Equal(new long[] { B, N, D }, r.Output.shape);
        Assert.Equal(new long[] { B, N, 4 }, r.Weights.shape);
        Assert.Equal(new long[] { B, N, 4 }, r.Uncertainty.shape);
        Assert.Equal(0, r.Aux.dim());
        // Rows sum to 1 over exactly k = 3 kept experts.
        Assert.True((r.Weights.sum(-1) - 1).abs().max().item<float>() < 1e-5);
        Assert.True(r.Weights.gt(0).sum(-1).eq(3).all().item<bool>());
        Assert.Equal(["mu.weight", "mu.bias", "logvar.weight", "logvar.bias", "gate.weight", "gate.bias"], moe.state_dict().Keys.ToArray());
    }

    [Theory]
    [InlineData(ContextMode.Bidirectional)]
    [InlineData(ContextMode.Causal)]
    public void ReasoningShapesAndAttentionRows(ContextMode context)
    {
        using var scope = NewDisposeScope();
        var r = new IterativeReasoning(D, 3, context);
        r.eval();
        var mask = Mask();
        var (o, a) = r.forward(randn(B, N, D), mask);
        Assert.Equal(new long[] { B, N, D }, o.shape);
        Assert.Equal(new long[] { B, 3, N, N }, a.shape);
        Assert.True((a.sum(-1) - 1).abs().max().item<float>() < 1e-5);
        // No attention on padded memory slots; none on the future when causal.
        Assert.Equal(0f, a[1, .., .., 3..].abs().sum().item<float>());
        if (context == ContextMode.Causal) Assert.Equal(0f, a[0, .., 1, 2..].abs().sum().item<float>());
        var keys = r.state_dict().Keys.ToHashSet();
        Assert.Contains("memory_fwd.weight_ih_l0", keys);
        Assert.Equal(context == ContextMode.Bidirectional, keys.Contains("memory_bwd.weight_hh_l0"));
        Assert.Contains("cell.weight_ih", keys);
        Assert.Contains("output.weight", keys);
    }

    [Fact]
    public void ReverseIndexReversesWithinEachLength()
    {
        using var scope = NewDisposeScope();
        var idx = IterativeReasoning.ReverseIndex(Mask());
        Assert.Equal(new long[] { 4, 3, 2, 1, 0, 2, 1, 0, 3, 4 }, idx.data<long>().ToArray());
    }

    [Fact]
    public void AttentionAndEncoderShapes()
    {
        using var scope = NewDisposeScope();
        var mha = new MultiHeadAttention(D, 4, 0.0, causal: true);
        Assert.Equal(new long[] { B, N, D }, mha.forward(randn(B, N, D), randn(B, N, D), Mask()).shape);
        var enc = new TransformerEncoder(D, 2, 2, 0.1, causal: false);
        Assert.Equal(new long[] { B, N, D }, enc.forward(randn(B, N, D), null, Mask()).shape);
        Assert.Contains("layers.1.attn.q.weight", enc.state_dict().Keys);
        Assert.Equal(new long[] { B, N, D }, new UnimodalGate(D).forward(randn(B, N, D)).shape);
        Assert.Equal(new long[] { N, D }, PositionalEncoding.Sinusoidal(N, D, CPU).shape);
    }

    [Theory]
    [InlineData("tav")]
    [InlineData("ta")]
    [InlineData("v")]
    public void TransformerGateAndClassifierShapes(string modalities)
    {
        using var scope = NewDisposeScope();
        var used = Modalities.Parse(modalities);
        var gate = new TransformerGate(used, D, 2, 1, 0.1, false, 3);
        var inputs = used.ToDictionary(m => m, _ => randn(B, N, D));
        var fused = gate.forward(inputs, Mask(), zeros(B, N, dtype: ScalarType.Int64));
        Assert.Equal(used, fused.Keys.OrderBy(m => m).ToArray());
        foreach (var m in used) Assert.Equal(new long[] { B, N, D }, fused[m].shape);
        int inter = gate.state_dict().Keys.Where(k => k.StartsWith("inter.") && k.EndsWith("layers.0.attn.q.weight")).Count();
        Assert.Equal(used.Length * (used.Length - 1), inter);
        foreach (var mode in new[] { ClassifierMode.Concat, ClassifierMode.SumHeads })
            Assert.Equal(new long[] { B, N, 5 }, new Classifier(used, D, 5, mode, 0.5).forward(fused).shape);
    }
}
