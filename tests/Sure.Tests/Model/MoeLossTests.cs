using Sure.Configuration;
using Sure.Model;
using static TorchSharp.torch;

namespace Sure.Tests.Model;

/// <summary>
/// The MoE's auxiliary losses against values worked out by hand on a tiny case: hidden 2, 2 experts, weights set by
/// hand, one dialogue of two real utterances and one padded position whose values would change every loss if counted.
/// <para>Set-up (expert 0 rows first): mu_0 = h, mu_1 = (1, 1); logvar_0 = (0, ln 4), logvar_1 = (0, 0), so
/// σ²_0 = (1, 4), u_0 = 2.5, σ²_1 = (1, 1), u_1 = 1; gate logits = h. h = (1, 0), (2, 0) real, (−3, 0) padding:
/// p = (σ(1), σ(−1)) = (0.7310586, 0.2689414), (σ(2), σ(−2)) = (0.8807971, 0.1192029), padding (0.0474259, 0.9525741).</para>
/// <para>KL per expert = −½·mean_d(1 + lv − mu² − σ²). Expert 1: −½·mean(−1, −1) = 0.5 always. Expert 0:
/// utterance 1: −½·mean(1 + 0 − 1 − 1, 1 + ln 4 − 0 − 4) = −½·mean(−1, −1.6137056) = 0.6534264;
/// utterance 2: −½·mean(1 − 4 − 1, −1.6137056) = 1.4034264. Mean over experts: 0.5767132, 0.9517132; over the
/// utterances: KL = 0.7642132 (with the padding counted it would be 1.0350466; with Σ_d instead of mean_d, 1.5284264).</para>
/// </summary>
public class MoeLossTests
{
    private static readonly double Ln4 = Math.Log(4);

    private static UncertaintyMoE TinyMoe(int topK, RoutingMode routing, double penalty)
    {
        var moe = new UncertaintyMoE(2, 2, topK, routing, penalty, sampleExperts: false);
        moe.eval();
        using (no_grad())
        {
            moe.mu.weight!.copy_(tensor(new float[] { 1, 0, 0, 1, 0, 0, 0, 0 }).view(4, 2));
            moe.mu.bias!.copy_(tensor(new float[] { 0, 0, 1, 1 }));
            moe.logvar.weight!.zero_();
            moe.logvar.bias!.copy_(tensor(new float[] { 0, (float)Ln4, 0, 0 }));
            moe.gate.weight!.copy_(eye(2));
            moe.gate.bias!.zero_();
        }
        return moe;
    }

    private static MoeResult Forward(UncertaintyMoE moe) => moe.forward(
        tensor(new float[] { 1, 0, 2, 0, -3, 0 }).view(1, 3, 2),
        tensor(new[] { true, true, false }).view(1, 3));

    private static void Near(double expected, Tensor actual, string what) =>
        Assert.True(Math.Abs(expected - actual.item<float>()) < 1e-5 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual.item<float>()}");

    private static void Losses(MoeResult r, double kl, double lu, double balance)
    {
        Near(kl, r.Kl, "KL");
        Near(lu, r.UncertaintyLoss, "L_u");
        Near(balance, r.Balance, "balance");
        Near(kl + lu + balance, r.Aux, "aux = KL + L_u + balance");
    }

    [Fact]
    public void SoftmaxTop1LossesMatchHandComputedValuesAndIgnorePadding()
    {
        using var scope = NewDisposeScope();
        var r = Forward(TinyMoe(1, RoutingMode.Softmax, 0));
        // Both real utterances keep expert 0 (p_0 > p_1); the padded one would keep expert 1.
        // L_u: w = one-hot on expert 0, u_0 = 2.5 (2.0 if padding counted).
        // Balance: E·Σ mean(p)·mean(kept) = 2·((0.7310586 + 0.8807971)/2·1 + (0.2689414 + 0.1192029)/2·0) = 1.6118557
        // (1.035396 if padding counted).
        Losses(r, kl: 0.7642132, lu: 2.5, balance: 1.6118557);
        // Output = z of the kept expert = mu_0 = h at inference; zeros on padding.
        Assert.Equal(new float[] { 1, 0, 2, 0, 0, 0 }, r.Output.data<float>().ToArray());
        Assert.Equal(new float[] { 2.5f, 1, 2.5f, 1 }, r.Uncertainty[0, ..2].reshape(-1).data<float>().ToArray());
    }

    [Fact]
    public void SoftmaxTop2UncertaintyLossWeighsEachExpertByItsGateProbability()
    {
        using var scope = NewDisposeScope();
        var r = Forward(TinyMoe(2, RoutingMode.Softmax, 0));
        // Both experts kept, w = p: L_u = mean(0.7310586·2.5 + 0.2689414·1, 0.8807971·2.5 + 0.1192029·1)
        //                               = mean(2.0965879, 2.3211957) = 2.2088918.
        // KL covers all experts, whatever is kept. Balance: kept = (1, 1) for every utterance, so
        // 2·(mean p_0 + mean p_1) = 2 = k, the perfectly balanced value.
        Losses(r, kl: 0.7642132, lu: 2.2088918, balance: 2.0);
    }

    [Fact]
    public void UncertaintyRoutingKeepsTheLessUncertainExpertAndBalanceDropsBelowK()
    {
        using var scope = NewDisposeScope();
        var r = Forward(TinyMoe(1, RoutingMode.Uncertainty, 2.0));
        // ũ = (+1, −1) (u = (2.5, 1) standardised over the experts); score = ln p − 2ũ:
        // utterance 1: (−0.3132617 − 2, −1.3132617 + 2), utterance 2: (−0.1269280 − 2, −2.1269280 + 2) → expert 1 both times.
        // L_u = u_1 = 1. Balance: 2·mean(p_1)·1 = 2·(0.2689414 + 0.1192029)/2 = 0.3881443 < k = 1 (0.8938123 if padding counted).
        Losses(r, kl: 0.7642132, lu: 1.0, balance: 0.3881443);
        Assert.Equal(new float[] { 1, 1, 1, 1, 0, 0 }, r.Output.data<float>().ToArray());
    }

    [Fact]
    public void LogVarianceIsClampedToPlusMinus20BeforeExp()
    {
        using var scope = NewDisposeScope();
        var moe = new UncertaintyMoE(2, 1, 1, RoutingMode.Uncertainty, 1.0, sampleExperts: true);
        using (no_grad())
        {
            moe.mu.weight!.zero_();
            moe.mu.bias!.zero_();
            moe.logvar.weight!.zero_();
            moe.logvar.bias!.copy_(tensor(new float[] { 60, -60 }));
        }
        moe.train();
        var r = moe.forward(ones(1, 1, 2), ones(1, 1, dtype: ScalarType.Bool));
        // logvar → (20, −20): u = (e^20 + e^−20)/2; KL = −½·mean(1 + 20 − e^20, 1 − 20 − e^−20) = (e^20 + e^−20 − 2)/4.
        Near((Math.Exp(20) + Math.Exp(-20)) / 2, r.Uncertainty, "u");
        Near((Math.Exp(20) + Math.Exp(-20) - 2) / 4, r.Kl, "KL");
        Assert.True(r.Output.isfinite().all().item<bool>(), "sampled z = mu + e^10·ε is finite");
    }

    [Fact]
    public void HugeInputsGiveFiniteOutputsLossesAndGradients()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        var moe = new UncertaintyMoE(16, 4, 2, RoutingMode.Uncertainty, 1.0, sampleExperts: true);
        moe.train();
        var h = randn(2, 5, 16) * 1e6f;   // logvar ≈ ±1e5 before the clamp: exp would overflow to ∞ (or 0 and −∞ in the KL)
        var mask = tensor(new[] { true, true, true, true, true, true, true, true, false, false }).view(2, 5);
        var r = moe.forward(h, mask);
        foreach (var (name, t) in new[] { ("output", r.Output), ("u", r.Uncertainty), ("KL", r.Kl), ("L_u", r.UncertaintyLoss), ("balance", r.Balance) })
            Assert.True(t.isfinite().all().item<bool>(), $"{name} is not finite");
        r.Aux.backward();
        foreach (var (name, p) in moe.named_parameters())
            Assert.True(p.grad is null || p.grad.isfinite().all().item<bool>(), $"gradient of {name} is not finite");
    }
}
