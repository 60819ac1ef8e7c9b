namespace Sure.Audio.Descriptors;

/// <summary>
/// Harmonics-to-noise ratio (Boersma 1993) as Praat's "To Harmonicity (ac)" with its defaults: a Gaussian window of
/// 2 × 4.5 periods of the F0 floor (120 ms at 75 Hz), the local mean removed, the normalized autocorrelation r divided by
/// the window's own, r taken at its maximum near the period of the tracked F0 (parabolic interpolation over integer
/// lags) and HNR = 10·log10(r / (1 − r)) dB. Only voiced frames are measured. Thread-safe.
/// </summary>
internal sealed class HarmonicityAnalyzer
{
    /// <summary>HNR is clamped to ±this many dB (r within 1e-9 of 0 or 1).</summary>
    public const double LimitDb = 90.0;
    private const double SilenceThreshold = 0.1;
    private readonly double _fs;
    private readonly int _nsamp, _half, _nsampPeriod, _maxLag;
    private readonly double[] _window, _windowR;

    public HarmonicityAnalyzer(AcousticDescriptorOptions options)
    {
        _fs = options.SampleRate;
        double dtWindow = 2 * 4.5 / options.F0MinHz;
        _nsampPeriod = (int)Math.Floor(_fs / options.F0MinHz);
        int nsamp = (int)Math.Floor(dtWindow * _fs);
        _half = nsamp / 2 - 1;
        _nsamp = 2 * _half;
        _window = new double[_nsamp];
        double imid = 0.5 * (_nsamp + 1), edge = Math.Exp(-12.0);
        for (int i = 1; i <= _nsamp; i++)
            _window[i - 1] = (Math.Exp(-48.0 * (i - imid) * (i - imid) / ((_nsamp + 1.0) * (_nsamp + 1.0))) - edge) / (1.0 - edge);
        _maxLag = (int)Math.Ceiling(_fs / options.F0MinHz) + 4;
        _windowR = new double[_maxLag + 1];
        for (int lag = 0; lag <= _maxLag; lag++)
        {
            double s = 0;
            for (int j = 0; j + lag < _nsamp; j++) s += _window[j] * _window[j + lag];
            _windowR[lag] = s;
        }
        for (int lag = _maxLag; lag >= 0; lag--) _windowR[lag] /= _windowR[0];
    }

    /// <summary>
    /// HNR (dB) per frame at the voiced frames (F0 &gt; 0) that Praat's harmonicity would also call voiced: r must exceed
    /// max(0, 2 − localPeak / (0.1 · globalPeak)), Praat's unvoiced strength with silence threshold 0.1 and voicing
    /// threshold 0. <paramref name="defined"/> tells which frames have a value; the others are 0.
    /// </summary>
    public double[] Track(double[] x, double[] times, double[] f0, out bool[] defined)
    {
        int n = x.Length;
        var hnr = new double[times.Length];
        defined = new bool[times.Length];
        double globalMean = 0;
        foreach (double v in x) globalMean += v;
        globalMean /= Math.Max(1, n);
        double globalPeak = 0;
        foreach (double v in x) globalPeak = Math.Max(globalPeak, Math.Abs(v - globalMean));
        int halfPeriod = _nsampPeriod / 2 + 1;
        var frame = new double[_nsamp];
        var r = new double[_maxLag + 1];
        for (int f = 0; f < times.Length; f++)
        {
            if (f0[f] <= 0) continue;
            int left = (int)Math.Floor(times[f] * _fs - 0.5), right = left + 1;
            double mean = 0;
            for (int i = right - _nsampPeriod; i <= left + _nsampPeriod; i++)
                if ((uint)i < (uint)n) mean += x[i];
            mean /= 2 * _nsampPeriod;
            int start = right - _half;
            double energy = 0;
            for (int j = 0; j < _nsamp; j++)
            {
                int i = start + j;
                double v = ((uint)i < (uint)n ? x[i] : 0.0) - mean;
                v *= _window[j];
                frame[j] = v;
                energy += v * v;
            }
            if (energy <= 0 || globalPeak <= 0) continue;
            double localPeak = 0;
            for (int j = Math.Max(0, _half - halfPeriod); j <= Math.Min(_nsamp - 1, _half + halfPeriod - 1); j++)
                localPeak = Math.Max(localPeak, Math.Abs(frame[j]));
            double unvoicedStrength = Math.Max(0, 2.0 - Math.Min(1.0, localPeak / globalPeak) / SilenceThreshold);
            // Praat (costs 0) keeps the strongest autocorrelation peak; near the period or one of its multiples.
            double period = _fs / f0[f];
            double rmax = double.NegativeInfinity;
            for (int k = 1; k * period <= _maxLag - 3; k++)
                rmax = Math.Max(rmax, PeakNear(frame, energy, k * period, r));
            if (double.IsNegativeInfinity(rmax)) continue;
            if (rmax > 1.0) rmax = 1.0 / rmax;
            if (rmax <= unvoicedStrength) continue;
            hnr[f] = ToDb(rmax);
            defined[f] = true;
        }
        return hnr;
    }

    /// <summary>The normalized autocorrelation's maximum near <paramref name="lag"/> (±2 samples, parabolic interpolation).</summary>
    private double PeakNear(double[] frame, double energy, double lag, double[] r)
    {
        int lo = Math.Max(2, (int)Math.Floor(lag) - 2), hi = Math.Min(_maxLag - 1, (int)Math.Ceiling(lag) + 2);
        if (hi - lo < 2) return double.NegativeInfinity;
        for (int l = lo - 1; l <= hi + 1; l++)
        {
            double s = Dsp.Dot(frame.AsSpan(0, _nsamp - l), frame.AsSpan(l, _nsamp - l));
            r[l] = s / (energy * _windowR[l]);
        }
        int best = lo;
        for (int l = lo + 1; l <= hi; l++)
            if (r[l] > r[best]) best = l;
        double rmax = r[best];
        double d2 = 2 * r[best] - r[best - 1] - r[best + 1];
        if (d2 > 0)
        {
            // Vertex of the parabola through the three points, not further than half a sample from the best one
            // (no extrapolation where the best point is not a local maximum).
            double dr = 0.5 * (r[best + 1] - r[best - 1]);
            double delta = Math.Clamp(dr / d2, -0.5, 0.5);
            rmax += dr * delta - 0.5 * d2 * delta * delta;
        }
        return rmax;
    }

    /// <summary>10·log10(r / (1 − r)), clamped to ±<see cref="LimitDb"/>.</summary>
    internal static double ToDb(double r)
    {
        double lim = Math.Pow(10, -LimitDb / 10);
        double rr = Math.Clamp(r, lim / (1 + lim), 1 / (1 + lim));
        return Math.Clamp(10 * Math.Log10(rr / (1 - rr)), -LimitDb, LimitDb);
    }
}
