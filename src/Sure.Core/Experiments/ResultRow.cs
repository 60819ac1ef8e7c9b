namespace Sure.Experiments;

/// <summary>
/// One variant's line of the results table, aggregated over its completed seeds (metrics in percent).
/// Ceilings are present for SynthERC runs only (mean over seeds; they depend on the data, not on the seed).
/// <see cref="Encoder"/> is present for runs on a fine-tuned text encoder: that encoder + head alone, utterance level.
/// <see cref="Uar"/> has no value (N = 0) when some run's result.json predates it. Under cross-validation
/// (<see cref="Cv"/> set) <see cref="Runs"/> and <see cref="Expected"/> count (seed, fold) runs, and accuracy, weighted
/// F1, macro F1 and UAR are mean ± sample std over folds, each fold's value the mean over its seeds.
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
    MeanStd Uar,
    double? BayesAccuracy,
    double? NoContextAccuracy,
    double TrainSeconds,
    EncoderRow? Encoder = null,
    CvSummary? Cv = null,
    double? CausalAccuracy = null);

/// <summary>The fine-tuned text encoder + head alone over the same seeds (test split, utterance level, percent) and its
/// mean seconds per fine-tuning epoch.</summary>
public sealed record EncoderRow(int Runs, MeanStd Accuracy, MeanStd WeightedF1, double SecondsPerEpoch);
