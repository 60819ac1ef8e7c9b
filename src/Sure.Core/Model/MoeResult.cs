using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>What one <see cref="UncertaintyMoE"/> forward returns. All losses are scalars averaged over real utterances only.</summary>
public sealed record MoeResult(
    /// <summary>h' [B, N, d] = Σ_kept w_e·z_e; zeros on padding.</summary>
    Tensor Output,
    /// <summary>Routing weights w [B, N, E]: renormalised over the kept top-k experts, zero elsewhere.</summary>
    Tensor Weights,
    /// <summary>Gate probabilities p = softmax(W_g h) [B, N, E].</summary>
    Tensor GateProbs,
    /// <summary>Expert uncertainty u_e = mean_d exp(logvar_e) [B, N, E], logvar clamped to [−20, 20].</summary>
    Tensor Uncertainty,
    /// <summary>KL of each expert's N(mu, σ²) to N(0, I) per dimension (the mean over the d dims, not the sum),
    /// averaged over all E experts (kept or not) and over real utterances.</summary>
    Tensor Kl,
    /// <summary>L_u = mean over real utterances of Σ_e w_e·u_e.</summary>
    Tensor UncertaintyLoss,
    /// <summary>Load balance E·Σ_e mean(p_e)·mean(kept_e), means over real utterances (kept_e ∈ {0, 1}: expert e is
    /// among the top-k). Equals k when routing is perfectly balanced; docs/model.md gives its range.</summary>
    Tensor Balance)
{
    /// <summary>Unweighted sum KL + L_u + load balance.</summary>
    public Tensor Aux => Kl + UncertaintyLoss + Balance;
}
