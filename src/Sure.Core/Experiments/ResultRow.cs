namespace Sure.Experiments;

/// <summary>
/// One variant's line of the results table, aggregated over its completed seeds (metrics in percent).
/// Ceilings are present for SynthERC runs only (mean over seeds; they depend on the data, not on the seed).
/// </summary>
public sealed record ResultRow(
    string Variant,
    string? Description,
    int Runs,
    int Expected,
    IReadOnlyList<int> Seeds,
    MeanStd Accuracy,
    MeanStd WeightedF1,
    MeanStd MacroF1,
    double? BayesAccuracy,
    double? NoContextAccuracy,
    double TrainSeconds);
