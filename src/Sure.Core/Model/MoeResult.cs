using Sure.Tensors;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>What one <see cref="UncertaintyMoE"/> forward returns. All losses are scalars averaged over real utterances only.</summary>
/// <param name="Output">h' [B, N, d] = Σ_kept w_e·z_e; zeros on padding.</param>
/// <param name="Weights">Routing weights w [B, N, E]: renormalised over the kept top-k experts, zero elsewhere.</param>
/// <param name="GateProbs">Gate probabilities p = softmax(W_g h) [B, N, E].</param>
/// <param name="Uncertainty">Expert uncertainty u_e = mean_d exp(logvar_e) [B, N, E], logvar clamped to [−20, 20].</param>
/// <param name="Kl">KL of each expert's N(mu, σ²) to N(0, I) per dimension (the mean over the d dims, not the sum),
/// averaged over all E experts (kept or not) and over real utterances.</param>
/// <param name="UncertaintyLoss">L_u = mean over real utterances of Σ_e w_e·u_e.</param>
/// <param name="Balance">Load balance E·Σ_e mean(p_e)·mean(kept_e), means over real utterances (kept_e ∈ {0, 1}: expert e is
/// among the top-k). Equals k when routing is perfectly balanced; docs/model.md gives its range.</param>
public sealed record MoeResult(Tensor Output, Tensor Weights, Tensor GateProbs, Tensor Uncertainty, Tensor Kl, Tensor UncertaintyLoss, Tensor Balance)
{
    /// <summary>Unweighted sum KL + L_u + load balance.</summary>
    public Tensor Aux => Kl.add(UncertaintyLoss, Scalars.One).add(Balance, Scalars.One);
}
