namespace Sure.Reporting;

/// <summary>Per-prediction uncertainty scores computed from a predicted class distribution (higher = less certain).</summary>
public static class UncertaintyScores
{
    /// <summary>
    /// Shannon entropy −Σ p·ln p of a probability vector, in nats (0 ≤ H ≤ ln K), with 0·ln 0 = 0.
    /// The vector is used as given (not renormalised); negative or NaN entries are rejected.
    /// </summary>
    public static double PredictiveEntropy(double[] probs)
    {
        ArgumentNullException.ThrowIfNull(probs);
        double h = 0;
        for (int i = 0; i < probs.Length; i++)
        {
            double p = probs[i];
            if (!(p >= 0)) throw new ArgumentOutOfRangeException(nameof(probs), p, $"probs[{i}] must be ≥ 0.");
            if (p > 0) h -= p * Math.Log(p);
        }
        return h;
    }

    /// <summary>The largest probability (the model's confidence in its prediction).</summary>
    public static double MaxProbability(double[] probs)
    {
        ArgumentNullException.ThrowIfNull(probs);
        if (probs.Length == 0) throw new ArgumentException("empty probability vector.", nameof(probs));
        return probs.Max();
    }

    /// <summary>1 − max probability.</summary>
    public static double OneMinusMaxProbability(double[] probs) => 1 - MaxProbability(probs);

    /// <summary>Index of the largest probability (first one on ties).</summary>
    public static int ArgMax(double[] probs)
    {
        if (probs.Length == 0) throw new ArgumentException("empty probability vector.", nameof(probs));
        int best = 0;
        for (int i = 1; i < probs.Length; i++) if (probs[i] > probs[best]) best = i;
        return best;
    }
}
