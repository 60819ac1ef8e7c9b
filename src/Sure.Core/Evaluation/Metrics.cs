namespace Sure.Evaluation;

// STUB (replaced by the metrics implementation on merge)
public static class Metrics
{
    public static double ToPercent(double x) => Math.Round(100 * x, 2);

    public static ClassificationReport Compute(ReadOnlySpan<int> gold, ReadOnlySpan<int> predicted, string[] classNames)
    {
        int c = classNames.Length, ok = 0;
        var conf = Enumerable.Range(0, c).Select(_ => new int[c]).ToArray();
        for (int i = 0; i < gold.Length; i++) { conf[gold[i]][predicted[i]]++; if (gold[i] == predicted[i]) ok++; }
        var per = Enumerable.Range(0, c).Select(_ => new ClassMetrics(0, 0, 0, 0)).ToArray();
        double acc = gold.Length == 0 ? 0 : ok / (double)gold.Length;
        return new ClassificationReport(classNames, acc, acc, acc, per, conf, gold.Length);
    }
}
