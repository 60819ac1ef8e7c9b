namespace Sure.Audio.LogMel;

/// <summary>Classification scores of the log-mel CNN's own head.</summary>
public static class LogMelMetrics
{
    /// <summary>Unweighted average recall: the mean over the classes present in <paramref name="gold"/> of the share of their clips predicted right (0 when there is none).</summary>
    public static double Uar(IReadOnlyList<int> predicted, IReadOnlyList<int> gold, int classes)
    {
        var hit = new int[classes];
        var total = new int[classes];
        for (int i = 0; i < gold.Count; i++)
        {
            total[gold[i]]++;
            if (predicted[i] == gold[i]) hit[gold[i]]++;
        }
        var present = Enumerable.Range(0, classes).Where(c => total[c] > 0).ToArray();
        return present.Length == 0 ? 0 : present.Average(c => (double)hit[c] / total[c]);
    }

    /// <summary>The share of clips predicted right (0 when there is none).</summary>
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> gold)
        => gold.Count == 0 ? 0 : Enumerable.Range(0, gold.Count).Count(i => predicted[i] == gold[i]) / (double)gold.Count;

    /// <summary>The index of the largest value (the first on ties): a log-probs vector's predicted class.</summary>
    public static int ArgMax(IReadOnlyList<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Count; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
