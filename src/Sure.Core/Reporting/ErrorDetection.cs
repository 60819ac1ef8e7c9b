namespace Sure.Reporting;

/// <summary>
/// How well an uncertainty score ranks a model's errors above its correct predictions (misclassification detection).
/// </summary>
public static class ErrorDetection
{
    /// <summary>
    /// AUROC of <paramref name="score"/> (higher = more likely an error: predictive entropy, 1 − max probability,
    /// expert uncertainty, ...) at separating errors from correct predictions: the probability that a randomly chosen
    /// error scores higher than a randomly chosen correct prediction, ties counting one half. Computed exactly with the
    /// Mann–Whitney U statistic over average ranks (tied scores share the mean of their ranks), in O(n log n).
    /// <para>Returns NaN when there is no error or no correct prediction (the AUROC is undefined); 0.5 is chance,
    /// 1 perfect ranking, 0 perfectly inverted.</para>
    /// </summary>
    public static double Auroc(double[] score, bool[] isError)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(isError);
        if (score.Length != isError.Length)
            throw new ArgumentException($"score has {score.Length} entries but isError has {isError.Length}.");
        for (int i = 0; i < score.Length; i++)
            if (double.IsNaN(score[i])) throw new ArgumentException($"score[{i}] is NaN.", nameof(score));
        int n = score.Length;
        long errors = isError.Count(e => e);
        long corrects = n - errors;
        if (errors == 0 || corrects == 0) return double.NaN;

        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => score[a].CompareTo(score[b]));
        double errorRankSum = 0; // ranks are 1-based
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && score[order[end + 1]] == score[order[start]]) end++;
            double averageRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++)
                if (isError[order[k]]) errorRankSum += averageRank;
            start = end + 1;
        }
        double u = errorRankSum - errors * (errors + 1) / 2.0;
        return u / ((double)errors * corrects);
    }
}
