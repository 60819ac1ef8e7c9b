using Sure.Synth;
namespace Sure.Reporting;

/// <summary>
/// What the mixture of experts did on one utterance (or one modality view of it): the injected corruption, the
/// routing weight given to each of the E experts and each expert's predicted uncertainty. Both arrays have length E.
/// </summary>
public sealed record RoutingRecord(CorruptionKind Corruption, double[] RoutingWeights, double[] Uncertainties);
