namespace Sure.Audio.LogMel;

/// <summary>
/// Standardises each mel band of a spectrogram: with <see cref="Mean"/> and <see cref="Std"/> fit over every frame of
/// the training clips (<see cref="LogMelOptions.GlobalNormalization"/>), or with the clip's own statistics
/// (<see cref="LogMelOptions.UtteranceNormalization"/>, <see cref="Mean"/> and <see cref="Std"/> then empty). Standard
/// deviations are floored at 1e-3.
/// </summary>
internal sealed record LogMelNormalizer(string Mode, float[] Mean, float[] Std)
{
    private const double MinStd = 1e-3;

    /// <summary>Fits the normaliser of <paramref name="mode"/> on <paramref name="training"/> (raw spectrograms of <paramref name="mels"/> bands).</summary>
    public static LogMelNormalizer Fit(string mode, IEnumerable<LogMelSpec> training, int mels)
    {
        if (mode == LogMelOptions.UtteranceNormalization) return new LogMelNormalizer(mode, [], []);
        var (mean, std) = Moments(training, mels);
        return new LogMelNormalizer(mode, mean, std);
    }

    /// <summary>Per-band mean and standard deviation (floored) over every frame; 0 and 1 when there is none.</summary>
    private static (float[] Mean, float[] Std) Moments(IEnumerable<LogMelSpec> specs, int mels)
    {
        var sum = new double[mels];
        var sq = new double[mels];
        long n = 0;
        foreach (var s in specs)
        {
            for (int t = 0; t < s.Frames; t++)
                for (int m = 0; m < mels; m++)
                {
                    double v = s.Data[t * mels + m];
                    sum[m] += v;
                    sq[m] += v * v;
                }
            n += s.Frames;
        }
        var mean = new float[mels];
        var std = new float[mels];
        for (int m = 0; m < mels; m++)
        {
            if (n == 0) { std[m] = 1; continue; }
            double mu = sum[m] / n;
            mean[m] = (float)mu;
            std[m] = (float)Math.Max(Math.Sqrt(Math.Max(sq[m] / n - mu * mu, 0)), MinStd);
        }
        return (mean, std);
    }

    /// <summary>A normalised copy of <paramref name="raw"/>.</summary>
    public LogMelSpec Apply(LogMelSpec raw, int mels)
    {
        var (mean, std) = Mode == LogMelOptions.UtteranceNormalization ? Moments([raw], mels) : (Mean, Std);
        var data = new float[raw.Data.Length];
        for (int t = 0; t < raw.Frames; t++)
            for (int m = 0; m < mels; m++)
                data[t * mels + m] = (raw.Data[t * mels + m] - mean[m]) / std[m];
        return new LogMelSpec(data, raw.Frames);
    }
}
