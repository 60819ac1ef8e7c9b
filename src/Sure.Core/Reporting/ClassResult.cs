namespace Sure.Reporting;

/// <summary>One class in result.json's per_class: precision, recall and F1 in percent, support as a count.</summary>
public sealed record ClassResult(double Precision, double Recall, double F1, int Support);
