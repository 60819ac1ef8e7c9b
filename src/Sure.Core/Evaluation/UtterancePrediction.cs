using Sure.Data;

namespace Sure.Evaluation;

/// <summary>The model's output for one real utterance.</summary>
public sealed class UtterancePrediction
{
    public required string DialogueId { get; init; }
    public required int Index { get; init; }
    public required int Gold { get; init; }
    public required int Predicted { get; init; }
    public required float[] Probabilities { get; init; }
    /// <summary>Per used modality: routing weights over experts (sum to 1), when the MoE is on and diagnostics were asked for.</summary>
    public Dictionary<Modality, float[]> RoutingWeights { get; init; } = [];
    /// <summary>Per used modality: expert uncertainties u_e.</summary>
    public Dictionary<Modality, float[]> ExpertUncertainty { get; init; } = [];
    /// <summary>Per used modality, per reasoning step: attention over the dialogue's utterances.</summary>
    public Dictionary<Modality, float[][]> ReasoningAttention { get; init; } = [];

    public float Confidence => Probabilities[Predicted];
}
