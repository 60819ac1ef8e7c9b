namespace Sure.Reporting;

/// <summary>
/// SynthERC's known ceilings, in percent: the accuracy of the Bayes-optimal classifier that sees the generator's
/// true posterior, the best accuracy reachable without dialogue context, and (when recorded; result.json files from
/// before it lack it) the best accuracy of a causal model, which sees only the turns so far.
/// </summary>
public sealed record CeilingResult(double BayesAccuracy, double NoContextAccuracy, double? CausalAccuracy = null);
