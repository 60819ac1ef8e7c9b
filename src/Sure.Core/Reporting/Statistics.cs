namespace Sure.Reporting;

/// <summary>Summary statistics used by the result tables and figures.</summary>
public static class Statistics
{
    /// <summary>Arithmetic mean; NaN for no values.</summary>
    public static double Mean(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : values.Sum() / values.Count;

    /// <summary>
    /// Sample standard deviation sqrt(Σ(x − mean)² / (n − 1)) (Bessel's correction, as is usual when reporting
    /// mean ± std over a few seeds); NaN when there are fewer than 2 values.
    /// </summary>
    public static double SampleStd(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2) return double.NaN;
        double m = Mean(values);
        double ss = values.Sum(x => (x - m) * (x - m));
        return Math.Sqrt(ss / (values.Count - 1));
    }
}
