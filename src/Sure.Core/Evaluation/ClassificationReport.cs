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
    int Count);
