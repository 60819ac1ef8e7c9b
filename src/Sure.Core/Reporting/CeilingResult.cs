namespace Sure.Reporting;

/// <summary>
/// SynthERC's known ceilings, in percent: the accuracy of the Bayes-optimal classifier that sees the generator's
/// true posterior, and the best accuracy reachable without dialogue context.
/// </summary>
public sealed record CeilingResult(double BayesAccuracy, double NoContextAccuracy);
