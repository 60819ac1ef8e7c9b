namespace Sure.Reporting;

/// <summary>How the MoE treated one modality on a split (result.json's "moe"): the mean routing-weighted expert
/// uncertainty and the mean entropy of the routing weights (nats).</summary>
public sealed record ModalityRoutingResult(double Uncertainty, double RoutingEntropy);
