namespace Sure.Audio.Tests.LogMel;

/// <summary>Band-limited resampling for the EmoDB check (the decoding engineer's converter is not on this branch):
/// each output sample is a Hann-windowed sinc interpolation of 2 × 32 input samples, low-pass at 0.45 × the lower rate.
/// The rate ratio is reduced to p/q and the q distinct fractional phases' filters are computed once.</summary>
internal static class SincResampler
{
    public static float[] Resample(float[] x, int from, int to, int halfWidth = 32)
    {
        if (from == to) return (float[])x.Clone();
        int g = Gcd(from, to), p = from / g, q = to / g; // output i sits at input time i·p/q
        double cutoff = 0.45 * Math.Min(from, to) / from; // cycles per input sample
        var filters = new double[q][];
        for (int phase = 0; phase < q; phase++)
        {
            double frac = (double)phase / q;
            var f = filters[phase] = new double[2 * halfWidth];
            for (int j = 0; j < f.Length; j++)
            {
                double d = frac + halfWidth - 1 - j; // t − k for k = centre − halfWidth + 1 + j
                double sinc = d == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * d) / (Math.PI * d);
                f[j] = sinc * (0.5 + 0.5 * Math.Cos(Math.PI * d / halfWidth));
            }
        }
        int n = (int)((long)x.Length * to / from);
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            long num = (long)i * p;
            int centre = (int)(num / q);
            var f = filters[(int)(num % q)];
            double sum = 0;
            int k0 = centre - halfWidth + 1;
            for (int j = 0; j < f.Length; j++)
            {
                int k = k0 + j;
                if ((uint)k < (uint)x.Length) sum += x[k] * f[j];
            }
            y[i] = (float)sum;
        }
        return y;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
