namespace Sure.Evaluation;

/// <summary>Precision, recall and F1 of one class, as fractions in [0, 1], and its support (count in the gold labels).</summary>
public sealed record ClassMetrics(double Precision, double Recall, double F1, int Support);
