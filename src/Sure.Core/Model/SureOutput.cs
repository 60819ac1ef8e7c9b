using Sure.Data;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>Everything one forward pass of <c>SureModel</c> returns.</summary>
public sealed class SureOutput
{
    /// <summary>[B, N, C] unnormalised class scores (log_softmax gives the log-probabilities).</summary>
    public required Tensor Logits { get; init; }
    /// <summary>Scalar: the UNWEIGHTED sum of the MoE auxiliary losses (KL + uncertainty + load balance) over modalities, masked; zero when the MoE is off. The trainer multiplies it by MoeLossWeight.</summary>
    public required Tensor AuxLoss { get; init; }
    /// <summary>Per used modality: routing weights [B, N, E] (rows sum to 1 over the kept top-k experts, zeros elsewhere). Absent when the MoE is off.</summary>
    public Dictionary<Modality, Tensor> RoutingWeights { get; init; } = [];
    /// <summary>Per used modality: expert uncertainty u_e = mean_d exp(logvar_e), [B, N, E]. Absent when the MoE is off.</summary>
    public Dictionary<Modality, Tensor> ExpertUncertainty { get; init; } = [];
    /// <summary>Per used modality: reasoning attention [B, T, N, N] (step, query utterance, memory utterance). Absent when reasoning is off.</summary>
    public Dictionary<Modality, Tensor> ReasoningAttention { get; init; } = [];
}
