namespace Sure.Experiments;

/// <summary>
/// The cross-validation part of a variant's row (percent): the grouping and number of folds, one row per fold, and the
/// pooled metrics: for each seed whose every fold is complete, the metrics of all its held-out predictions together
/// (every utterance predicted exactly once: the sum of the folds' test confusion matrices), then mean ± sample std
/// over those <see cref="PooledSeeds"/> seeds.
/// </summary>
public sealed record CvSummary(
    string Grouping,
    int Folds,
    IReadOnlyList<CvFoldRow> FoldRows,
    int PooledSeeds,
    MeanStd PooledAccuracy,
    MeanStd PooledWeightedF1,
    MeanStd PooledMacroF1,
    MeanStd PooledUar);
