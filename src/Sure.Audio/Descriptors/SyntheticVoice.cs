namespace Sure.Audio.Descriptors;

/// <summary>
/// Test signals with known answers (for the tests and the Praat check tool, not used at run time): a vowel made of a
/// band-limited glottal pulse train at exact (fractional) pulse times, shaped by a two-pole glottal low-pass and a
/// first-difference radiation, through cascaded two-pole formant resonators.
/// </summary>
internal static class SyntheticVoice
{
    /// <summary>The /a/ of the checks: formants (Hz) and bandwidths (Hz); F4, F5 make the spectrum speech-like.</summary>
    public static readonly (double F, double B)[] VowelA = [(700, 80), (1220, 90), (2600, 160), (3500, 250), (4500, 300)];

    /// <summary>
    /// A vowel of <paramref name="seconds"/> at <paramref name="fs"/> Hz with F0 <paramref name="f0"/>. Periods are
    /// multiplied by (1 ± <paramref name="jitter"/>) alternately (see <see cref="ExpectedJitterLocal"/>), pulse
    /// amplitudes by (1 ± <paramref name="shimmer"/>) alternately. Peak-normalized to 0.5.
    /// </summary>
    public static float[] Vowel(double f0, double seconds, int fs, (double F, double B)[] formants, double jitter = 0, double shimmer = 0)
    {
        int n = (int)Math.Round(seconds * fs);
        var src = new double[n];
        double t = 0.5 / f0;
        int k = 0;
        while (t < seconds)
        {
            double amp = 1.0 + (k % 2 == 0 ? shimmer : -shimmer);
            AddBandLimitedImpulse(src, t * fs - 0.5, amp);
            double period = (1.0 + (k % 2 == 0 ? jitter : -jitter)) / f0;
            t += period;
            k++;
        }
        // Glottal shaping: two one-pole low-passes (-12 dB/octave above ~100 Hz), radiation: first difference.
        double p = Math.Exp(-2 * Math.PI * 100.0 / fs);
        double y1 = 0, y2 = 0, prev = 0;
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            y1 = (1 - p) * src[i] + p * y1;
            y2 = (1 - p) * y1 + p * y2;
            y[i] = y2 - prev;
            prev = y2;
        }
        foreach (var (f, b) in formants) Resonate(y, fs, f, b);
        double peak = 0;
        foreach (double v in y) peak = Math.Max(peak, Math.Abs(v));
        var result = new float[n];
        for (int i = 0; i < n; i++) result[i] = peak > 0 ? (float)(0.5 * y[i] / peak) : 0f;
        return result;
    }

    /// <summary>Praat's jitter (local) of a pulse train whose periods alternate (1 + j)/f0, (1 − j)/f0: |Δp| / mean p = 2j.</summary>
    public static double ExpectedJitterLocal(double jitter) => 2 * jitter;

    /// <summary>Shimmer (local) of amplitudes alternating 1 + s, 1 − s: 2s / 1 = 2s (for a stationary filter).</summary>
    public static double ExpectedShimmerLocal(double shimmer) => 2 * shimmer;

    /// <summary>A pure tone.</summary>
    public static float[] Tone(double hz, double seconds, int fs, double amplitude = 0.5)
    {
        int n = (int)Math.Round(seconds * fs);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / fs));
        return x;
    }

    /// <summary>Gaussian white noise from a fixed seed.</summary>
    public static float[] Noise(double seconds, int fs, double sigma = 0.1, int seed = 1)
    {
        var rng = new Random(seed);
        int n = (int)Math.Round(seconds * fs);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            x[i] = (float)(sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return x;
    }

    private static void AddBandLimitedImpulse(double[] x, double position, double amplitude)
    {
        const int half = 32;
        int c = (int)Math.Floor(position);
        for (int i = c - half + 1; i <= c + half; i++)
        {
            if ((uint)i >= (uint)x.Length) continue;
            double u = i - position;
            double a = Math.PI * u;
            double sinc = Math.Abs(a) < 1e-12 ? 1.0 : Math.Sin(a) / a;
            double w = 0.5 + 0.5 * Math.Cos(Math.PI * u / (half + 1));
            x[i] += amplitude * sinc * w;
        }
    }

    private static void Resonate(double[] x, int fs, double f, double b)
    {
        double r = Math.Exp(-Math.PI * b / fs), theta = 2 * Math.PI * f / fs;
        double a1 = 2 * r * Math.Cos(theta), a2 = -r * r, g = 1 - a1 - a2;
        double y1 = 0, y2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double y = g * x[i] + a1 * y1 + a2 * y2;
            y2 = y1;
            y1 = y;
            x[i] = y;
        }
    }
}
