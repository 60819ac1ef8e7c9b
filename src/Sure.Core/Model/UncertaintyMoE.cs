using Sure.Configuration;
using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

namespace Sure.Model;

/// <summary>
/// Paper §2.3 (eq. 1–5): uncertainty-aware mixture of Gaussian experts for one modality, applied to every utterance
/// independently and fully vectorised (one GEMM for all experts' means, one for all log-variances).
/// <para>State dict: "mu.weight" [E·d, d], "mu.bias" [E·d], "logvar.weight" [E·d, d], "logvar.bias" [E·d],
/// "gate.weight" [E, d], "gate.bias" [E]. Rows e·d … (e+1)·d−1 of mu/logvar belong to expert e.</para>
/// <para>Routing. Softmax mode: keep the top-k of p = softmax(W_g h), weights p renormalised over the kept experts.
/// Uncertainty mode: score s_e = log p_e − λ·ũ_e with ũ the per-utterance standardisation of u over experts
/// ((u − mean_e u) / (std_e u + 1e-6), population std, u detached); keep the top-k of s; weights = softmax of s over
/// the kept experts. With λ = 0 the two modes coincide (softmax of log p over the kept set = renormalised p).</para>
/// <para>The log-variance head's output is clamped to [<see cref="MinLogVar"/>, <see cref="MaxLogVar"/>] before anything
/// uses it (variance, uncertainty, sampling, KL), so exp(logvar) can neither overflow nor underflow in float32.</para>
/// </summary>
public sealed class UncertaintyMoE : nn.Module<Tensor, Tensor, MoeResult>
{
    internal readonly Modules.Linear mu;
    internal readonly Modules.Linear logvar;
    internal readonly Modules.Linear gate;

    private readonly int hidden;
    private readonly int experts;
    private readonly int topK;
    private readonly RoutingMode routing;
    private readonly double penalty;
    private readonly bool sample;
    // Scalars that live as long as the module (see Sure.Tensors.Scalars): λ, E, and the logvar bounds and the standardisation's 1e-6.
    private readonly Scalar penaltyScalar;
    private readonly Scalar expertCount;
    private static readonly Scalar minLogVar = MinLogVar.ToScalar(), maxLogVar = MaxLogVar.ToScalar(), stdEpsilon = 1e-6.ToScalar();

    public UncertaintyMoE(int hidden, int experts, int topK, RoutingMode routing, double uncertaintyPenalty, bool sampleExperts)
        : base(nameof(UncertaintyMoE))
    {
        if (topK < 1 || topK > experts) throw new ArgumentOutOfRangeException(nameof(topK));
        this.hidden = hidden;
        this.experts = experts;
        this.topK = topK;
        this.routing = routing;
        penalty = uncertaintyPenalty;
        sample = sampleExperts;
        penaltyScalar = penalty.ToScalar();
        expertCount = experts.ToScalar();
        mu = nn.Linear(hidden, experts * hidden);
        logvar = nn.Linear(hidden, experts * hidden);
        gate = nn.Linear(hidden, experts);
        RegisterComponents();
    }

    public int Experts => experts;

    /// <summary>Bounds of the log-variance (σ² ∈ [e^−20, e^20] ≈ [2e-9, 5e8]); outside them the clamp passes no gradient.</summary>
    public const double MinLogVar = -20, MaxLogVar = 20;

    /// <summary>h [B, N, d], mask [B, N] bool (true = real utterance).</summary>
    public override MoeResult forward(Tensor h, Tensor mask)
    {
        using var scope = NewDisposeScope();
        long b = h.shape[0], n = h.shape[1];
        var mu_ = mu.forward(h).view(b, n, experts, hidden);          // eq. 2
        var lv = logvar.forward(h).view(b, n, experts, hidden).clamp(minLogVar, maxLogVar);
        var variance = lv.exp();
        var z = training && sample ? mu_.add((OneHalf * lv).exp() * randn_like(mu_), One) : mu_;  // eq. 3
        var u = variance.mean([-1]);                                   // [B, N, E]

        var gateLogits = gate.forward(h);                              // eq. 4
        var p = gateLogits.softmax(-1);
        var score = gateLogits.log_softmax(-1);
        if (routing == RoutingMode.Uncertainty && penalty != 0)
        {
            var ud = u.detach();
            var centred = ud - ud.mean([-1], keepdim: true);
            var std = centred.Squared().mean([-1], keepdim: true).sqrt();
            score = score - penaltyScalar * (centred / std.add(stdEpsilon, One));
        }
        var (_, idx) = score.topk(topK, dim: -1);
        var kept = zeros_like(score, dtype: ScalarType.Bool).scatter(-1, idx, ones_like(idx, dtype: ScalarType.Bool));
        var w = score.masked_fill(kept.logical_not(), NegativeInfinity).softmax(-1);   // eq. 5 weights
        var real = mask.unsqueeze(-1);
        var pad = real.logical_not();
        var output = (w.unsqueeze(-1) * z).sum(-2).masked_fill(pad, Zero);  // eq. 5

        // Auxiliary losses over real utterances only (masked_fill, not a product with the mask, so padding content can
        // never leak, not even as NaN·0).
        var count = mask.sum().to(h.dtype).clamp_min(One);
        // KL per dimension (mean over d, not the sum): the sum grows with d and, at any useful weight, drives every
        // expert's mean to 0 (posterior collapse: on SynthERC the model then predicts the majority class); the mean
        // keeps one weight meaningful across hidden sizes. See docs/model.md.
        // KL = mean over real utterances of mean over all E experts of −½·mean_d(1 + logvar − mu² − σ²).
        var klPerExpert = MinusHalf * (lv.add(One, One) - mu_.Squared() - variance).mean([-1]);   // [B, N, E]
        var kl = klPerExpert.masked_fill(pad, Zero).mean([-1]).sum() / count;
        // L_u = mean over real utterances of Σ_e w_e·u_e (w is zero outside the kept experts).
        var lu = (w * u).masked_fill(pad, Zero).sum() / count;
        // Balance = E·Σ_e mean(p_e)·mean(kept_e), both means over real utterances; k at perfectly balanced routing, not
        // a floor (docs/model.md gives its range).
        var meanP = p.masked_fill(pad, Zero).sum([0, 1]) / count;
        var meanKept = kept.to(h.dtype).masked_fill(pad, Zero).sum([0, 1]) / count;
        var balance = expertCount * (meanP * meanKept).sum();

        var result = new MoeResult(output, w, p, u, kl, lu, balance);
        foreach (var t in new[] { output, w, p, u, kl, lu, balance }) t.MoveToOuterDisposeScope();
        return result;
    }
}
