namespace Sure.Reporting;

/// <summary>One point of an accuracy-versus-corruption curve: corruption rate in [0, 1], mean and spread over seeds (percent).</summary>
public sealed record CorruptionPoint(double Rate, double Mean, double Std, int Runs);

/// <summary>The accuracy-versus-corruption curve of one variant.</summary>
public sealed record CorruptionCurve(string Variant, IReadOnlyList<CorruptionPoint> Points)
{
    /// <summary>
    /// Groups (rate, value) observations by rate into points with the mean and the sample standard deviation (n − 1;
    /// 0 for a single run), sorted by rate.
    /// </summary>
    public static CorruptionCurve FromRuns(string variant, IEnumerable<(double Rate, double Value)> runs) =>
        new(variant, runs.GroupBy(r => r.Rate).OrderBy(g => g.Key)
            .Select(g =>
            {
                var v = g.Select(r => r.Value).ToArray();
                var s = Statistics.SampleStd(v);
                return new CorruptionPoint(g.Key, v.Average(), double.IsNaN(s) ? 0 : s, v.Length);
            }).ToArray());
}
