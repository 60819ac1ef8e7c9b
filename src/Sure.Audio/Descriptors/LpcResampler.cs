namespace Sure.Audio.Descriptors;

/// <summary>
/// Band-limited resampling between two fixed rates by a polyphase Hann-windowed sinc (cut-off at the lower Nyquist
/// frequency, about 16 zero crossings each side). Sample i of a signal at rate fs sits at time (i + 0.5) / fs, as in
/// Praat, so both signals span the same interval. Kernels are computed once; thread-safe.
/// </summary>
internal sealed class LpcResampler
{
    private readonly double _ratio; // input samples per output sample
    private readonly int _phases, _half;
    private readonly double[][] _kernels;
    private readonly int _fromRate, _toRate;

    public LpcResampler(int fromRate, int toRate)
    {
        _fromRate = fromRate;
        _toRate = toRate;
        _ratio = (double)fromRate / toRate;
        int g = Gcd(fromRate, toRate);
        int exact = toRate / g;
        _phases = Math.Min(exact, 2048);
        double cutoff = Math.Min(1.0, (double)toRate / fromRate); // in cycles per input sample, times 2
        _half = (int)Math.Ceiling(50.0 / cutoff);
        _kernels = new double[_phases][];
        for (int p = 0; p < _phases; p++)
        {
            double frac = (double)p / _phases;
            var k = new double[2 * _half];
            double sum = 0;
            for (int j = 0; j < 2 * _half; j++)
            {
                double u = j - _half + 1 - frac; // input index offset relative to the output position
                double a = Math.PI * cutoff * u;
                double sinc = Math.Abs(a) < 1e-12 ? 1.0 : Math.Sin(a) / a;
                double w = 0.5 + 0.5 * Math.Cos(Math.PI * u / (_half + 1));
                k[j] = sinc * w;
                sum += k[j];
            }
            for (int j = 0; j < k.Length; j++) k[j] /= sum;
            _kernels[p] = k;
        }
    }

    /// <summary>Number of output samples for <paramref name="n"/> input samples: round(n · toRate / fromRate).</summary>
    public int OutputLength(int n) => (int)Math.Round((double)n * _toRate / _fromRate);

    /// <summary>
    /// Resamples <paramref name="x"/> (<see cref="OutputLength"/> samples); with <paramref name="need"/>, only the
    /// output samples marked true are computed (the others are 0).
    /// </summary>
    public double[] Process(double[] x, bool[]? need = null)
    {
        int n = x.Length;
        int m = OutputLength(n);
        var y = new double[m];
        for (int i = 0; i < m; i++)
        {
            if (need is not null && !need[i]) continue;
            double pos = (i + 0.5) * _ratio - 0.5;
            int baseIndex = (int)Math.Floor(pos);
            double frac = pos - baseIndex;
            int phase = (int)Math.Round(frac * _phases);
            if (phase == _phases) { phase = 0; baseIndex++; }
            double[] k = _kernels[phase];
            int start = baseIndex - _half + 1;
            double s = 0;
            if (start >= 0 && start + k.Length <= n)
            {
                s = Dsp.Dot(k, x.AsSpan(start, k.Length));
            }
            else
            {
                for (int j = 0; j < k.Length; j++)
                {
                    int idx = start + j;
                    if ((uint)idx < (uint)n) s += k[j] * x[idx];
                }
            }
            y[i] = s;
        }
        return y;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
