namespace Sure.Evaluation;

/// <summary>
/// Metrics of one evaluation. Fractions in [0, 1] (multiply by 100 for the percent figures in reports).
/// Confusion[i][j] counts gold class i predicted as class j.
/// </summary>
public sealed record ClassificationReport(
    string[] ClassNames,
    double Accuracy,
    double WeightedF1,
    double MacroF1,
    ClassMetrics[] PerClass,
    int[][] Confusion,
    int Count)
{
    /// <summary>
    /// Unweighted average recall (UAR): the mean of the per-class recalls over the classes present in the gold labels
    /// (support &gt; 0), as scikit-learn's <c>balanced_accuracy_score</c>; NaN when no class has support (nothing was
    /// evaluated). A class absent from gold has no recall to speak of and is left out, also when it was predicted (see
    /// docs/metrics.md). Derived from <see cref="PerClass"/>, so every report carries it.
    /// </summary>
    public double Uar => Metrics.UnweightedAverageRecall(PerClass);
}
