using Sure.Configuration;
using Sure.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Tests.Model;

public class RoutingTests
{
    private const int D = 16, E = 4;

    /// <summary>Mean routing weight of expert 0 before and after making it very uncertain (logvar bias +5).</summary>
    private static (float Before, float After, Tensor WeightsBefore, Tensor WeightsAfter) Probe(RoutingMode routing)
    {
        random.manual_seed(17);
        var moe = new UncertaintyMoE(D, E, 2, routing, 1.0, sampleExperts: true);
        moe.eval();
        var h = randn(4, 25, D);
        var mask = ones(4, 25, dtype: ScalarType.Bool);
        var before = moe.forward(h, mask).Weights;
        using (no_grad()) moe.logvar.bias![..D].fill_(5.0);
        var after = moe.forward(h, mask).Weights;
        return (before[.., .., 0].mean().item<float>(), after[.., .., 0].mean().item<float>(), before, after);
    }

    [Fact]
    public void UncertaintyRoutingMovesWeightAwayFromAnUncertainExpert()
    {
        using var scope = NewDisposeScope();
        var (before, after, _, _) = Probe(RoutingMode.Uncertainty);
        Assert.True(before > 0.1f, $"expert 0 should get weight at first ({before})");
        Assert.True(after < 0.2f * before, $"weight of the uncertain expert: {before} → {after}");
    }

    [Fact]
    public void SoftmaxRoutingIgnoresUncertainty()
    {
        using var scope = NewDisposeScope();
        var (before, after, wb, wa) = Probe(RoutingMode.Softmax);
        Assert.True(before > 0.1f);
        Assert.Equal(0f, ModelTestData.MaxAbsDiff(wb, wa));
    }

    [Fact]
    public void UncertaintyLossAndKlGrowWithTheUncertainExpert()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(18);
        var moe = new UncertaintyMoE(D, E, 2, RoutingMode.Softmax, 1.0, sampleExperts: false);
        var h = randn(2, 6, D);
        var mask = ones(2, 6, dtype: ScalarType.Bool);
        var r0 = moe.forward(h, mask);
        using (no_grad()) moe.logvar.bias![..D].fill_(5.0);
        var r1 = moe.forward(h, mask);
        Assert.True(r1.Kl.item<float>() > r0.Kl.item<float>());
        Assert.True(r1.UncertaintyLoss.item<float>() > r0.UncertaintyLoss.item<float>());
        Assert.True(r1.Uncertainty[.., .., 0].min().item<float>() > 50f);
    }
}
