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
    /// <summary>Expert uncertainty u_e = mean_d exp(logvar_e) [B, N, E].</summary>
    Tensor Uncertainty,
    /// <summary>KL to N(0, I), summed over dims, averaged over experts and real utterances.</summary>
    Tensor Kl,
    /// <summary>L_u = mean over real utterances of Σ_e w_e·u_e.</summary>
    Tensor UncertaintyLoss,
    /// <summary>E·Σ_e mean(p_e)·mean(kept_e) over real utterances.</summary>
    Tensor Balance)
{
    /// <summary>Unweighted sum KL + L_u + load balance.</summary>
    public Tensor Aux => Kl + UncertaintyLoss + Balance;
}
