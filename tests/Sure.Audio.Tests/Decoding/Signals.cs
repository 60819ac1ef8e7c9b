namespace Sure.Audio.Tests.Decoding;

/// <summary>Analytic test signals, sampled at any rate, and the comparisons the tests make.</summary>
public static class Signals
{
    /// <summary>A sum of sines: (frequency Hz, amplitude, phase rad).</summary>
    public static Func<double, double> Sines(params (double Hz, double Amp, double Phase)[] parts) =>
        t =>
        {
            var sum = 0.0;
            foreach (var (hz, amp, phase) in parts) sum += amp * Math.Sin(2 * Math.PI * hz * t + phase);
            return sum;
        };

    /// <summary>A linear chirp from <paramref name="f0"/> to <paramref name="f1"/> Hz over <paramref name="seconds"/>.</summary>
    public static Func<double, double> Chirp(double f0, double f1, double seconds, double amp = 0.8) =>
        t => amp * Math.Sin(2 * Math.PI * (f0 * t + (f1 - f0) * t * t / (2 * seconds)));

    /// <summary><paramref name="signal"/> at n/<paramref name="rate"/> for n = 0 … count − 1.</summary>
    public static double[] Sample(Func<double, double> signal, int rate, int count, double offsetSeconds = 0)
    {
        var x = new double[count];
        for (var n = 0; n < count; n++) x[n] = signal(offsetSeconds + (double)n / rate);
        return x;
    }

    /// <summary>Root-mean-square difference over [from, to).</summary>
    public static double RmsError(float[] actual, double[] expected, int from, int to)
    {
        var sum = 0.0;
        for (var i = from; i < to; i++) sum += (actual[i] - expected[i]) * (actual[i] - expected[i]);
        return Math.Sqrt(sum / (to - from));
    }

    /// <summary>Root mean square over [from, to).</summary>
    public static double Rms(float[] x, int from, int to)
    {
        var sum = 0.0;
        for (var i = from; i < to; i++) sum += (double)x[i] * x[i];
        return Math.Sqrt(sum / (to - from));
    }

    /// <summary>
    /// The highest normalised correlation between <paramref name="actual"/> and <paramref name="expected"/> shifted by up
    /// to <paramref name="maxLag"/> samples either way (codecs delay or trim), over the overlap minus
    /// <paramref name="margin"/> samples at each end; <paramref name="lag"/> is the best shift (actual[i + lag] ≈ expected[i]).
    /// </summary>
    public static double BestCorrelation(float[] actual, double[] expected, int maxLag, int margin, out int lag)
    {
        var best = double.NegativeInfinity;
        lag = 0;
        for (var k = -maxLag; k <= maxLag; k++)
        {
            var from = Math.Max(margin, margin - k);
            var to = Math.Min(expected.Length - margin, actual.Length - k - margin);
            if (to - from < 100) continue;
            double xy = 0, xx = 0, yy = 0;
            for (var i = from; i < to; i++)
            {
                var a = actual[i + k];
                var e = expected[i];
                xy += a * e; xx += a * a; yy += e * e;
            }
            var r = xy / Math.Sqrt(xx * yy + 1e-30);
            if (r > best) { best = r; lag = k; }
        }
        return best;
    }

    /// <summary>
    /// The amplitude of the component of <paramref name="x"/> at <paramref name="hz"/>: a Hann-windowed single-bin DFT
    /// (the window keeps tones a few bins away from leaking in).
    /// </summary>
    public static double ToneAmplitude(float[] x, int rate, double hz)
    {
        double re = 0, im = 0;
        for (var n = 0; n < x.Length; n++)
        {
            var hann = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / (x.Length - 1));
            var w = 2 * Math.PI * hz * n / rate;
            re += hann * x[n] * Math.Cos(w);
            im -= hann * x[n] * Math.Sin(w);
        }
        return 4 * Math.Sqrt(re * re + im * im) / x.Length;   // 2/N for one side, ×2 for the window's mean of 1/2
    }
}
