using System.Globalization;
using Sure.Reporting;

namespace Sure.Experiments;

/// <summary>
/// Mean and sample standard deviation (n − 1 in the denominator, Bessel's correction) of a metric over seeds.
/// Std is null when there are fewer than two runs (a spread from one run is undefined, not zero).
/// </summary>
public sealed record MeanStd(double Mean, double? Std, int N)
{
    public static MeanStd Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return new MeanStd(double.NaN, null, 0);
        var sd = Statistics.SampleStd(values);
        return new MeanStd(Statistics.Mean(values), double.IsNaN(sd) ? null : sd, values.Count);
    }

    /// <summary>"72.34 ± 0.56", or "72.34" for a single run, "–" for none.</summary>
    public string Format(string number = "0.00")
    {
        if (N == 0 || double.IsNaN(Mean)) return "–";
        var m = Mean.ToString(number, CultureInfo.InvariantCulture);
        return Std is double s ? $"{m} ± {s.ToString(number, CultureInfo.InvariantCulture)}" : m;
    }

    public override string ToString() => Format();
}
