namespace Sure.Experiments;

/// <summary>One fold of a cross-validated variant in the results table: the groups it holds out and its test metrics
/// (percent) as mean ± sample std over the seeds that completed it.</summary>
public sealed record CvFoldRow(int Fold, IReadOnlyList<string> TestGroups, int Runs, MeanStd Accuracy, MeanStd WeightedF1, MeanStd Uar);
