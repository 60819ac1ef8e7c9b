using System.Numerics;
using System.Runtime.InteropServices;

namespace Sure.Audio;

/// <summary>
/// A Kaiser-windowed sinc low-pass for a rational rate change <c>L/M</c> (<see cref="Resampler"/>), tabulated per phase.
/// Output sample <c>m</c> sits at input position <c>t = m·M/L</c>; with <c>i = ⌊t⌋</c> and phase <c>φ = (m·M) mod L</c>
/// it is <c>Σ_k c[φ][k]·x[i − H + 1 + k]</c>, k = 0 … 2H − 1, where the kernel is
/// <c>g(τ) = 2f_c·sinc(2f_c·τ)·kaiser(τ / half)</c> in input samples, cut off at half the lower of the two rates.
/// </summary>
/// <remarks>
/// The transition band is 1/8 of the lower rate wide, centred on its Nyquist frequency: for 16 kHz output the
/// passband ends at 7 kHz and the stopband starts at 9 kHz (what lies between aliases into 7–8 kHz only). The Kaiser
/// window is designed for <see cref="AttenuationDb"/> of stopband attenuation, which also bounds the passband ripple
/// to about 10^(−A/20).
/// </remarks>
internal sealed class PolyphaseFilter
{
    /// <summary>Design attenuation in dB (stopband level, and passband ripple 10^(−A/20)).</summary>
    public const double AttenuationDb = 90;

    /// <summary>Transition width as a fraction of the lower of the two rates.</summary>
    public const double TransitionFraction = 0.125;

    // Above this many coefficients the table is not built: each output's taps are computed on the fly.
    private const long MaxTableLength = 1 << 20;

    private readonly float[]? _table;
    private readonly double _cutoff;   // cycles per input sample
    private readonly double _half;     // kernel half-length in input samples
    private readonly double _beta;
    private readonly double _i0Beta;

    /// <summary>Up-sampling factor (numerator of the reduced rate ratio).</summary>
    public int L { get; }

    /// <summary>Down-sampling factor (denominator of the reduced rate ratio).</summary>
    public int M { get; }

    /// <summary>Half the number of taps: each output reads inputs <c>i − H + 1 … i + H</c>.</summary>
    public int H { get; }

    /// <summary>Taps per output (2H).</summary>
    public int Taps => 2 * H;

    public PolyphaseFilter(int fromRate, int toRate)
    {
        var g = Gcd(fromRate, toRate);
        L = toRate / g;
        M = fromRate / g;
        var lower = Math.Min(fromRate, toRate);
        _cutoff = 0.5 * lower / fromRate;
        var transition = TransitionFraction * lower / fromRate;                    // cycles per input sample
        var length = (AttenuationDb - 7.95) / (2.285 * 2 * Math.PI * transition);   // Kaiser's estimate, in input samples
        _half = length / 2;
        H = Math.Max(1, (int)Math.Ceiling(_half));
        _beta = 0.1102 * (AttenuationDb - 8.7);
        _i0Beta = BesselI0(_beta);
        if ((long)L * Taps <= MaxTableLength)
        {
            // The kernel is even, so phase L − φ is phase φ reversed: c[L−φ][k] = c[φ][2H−1−k]. Half the phases are computed.
            _table = new float[L * Taps];
            for (var phase = 0; phase <= L / 2; phase++)
            {
                var row = _table.AsSpan(phase * Taps, Taps);
                Fill(phase, row);
                if (phase == 0 || 2 * phase == L) continue;
                var mirror = _table.AsSpan((L - phase) * Taps, Taps);
                for (var k = 0; k < Taps; k++) mirror[k] = row[Taps - 1 - k];
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="output"/>.Length outputs starting at output index <paramref name="firstOutput"/>, reading
    /// <paramref name="input"/> whose first element is input index <paramref name="inputOffset"/>; inputs outside it are
    /// zero (the caller passes every input within H of the outputs' positions, or the whole signal).
    /// </summary>
    public void Apply(ReadOnlySpan<float> input, long inputOffset, long firstOutput, Span<float> output)
    {
        var taps = Taps;
        Span<float> scratch = _table is null ? new float[taps] : default;
        var position = firstOutput * M;          // m·M
        var i = position / L;
        var phase = (int)(position - i * L);
        for (var m = 0; m < output.Length; m++)
        {
            ReadOnlySpan<float> c;
            if (_table is not null) c = _table.AsSpan(phase * taps, taps);
            else { Fill(phase, scratch); c = scratch; }
            var start = i - H + 1 - inputOffset;
            output[m] = start >= 0 && start + taps <= input.Length
                ? Dot(input.Slice((int)start, taps), c)
                : DotClipped(input, start, c);
            phase += M;
            while (phase >= L) { phase -= L; i++; }
        }
    }

    private void Fill(int phase, Span<float> c)
    {
        var frac = (double)phase / L;
        for (var k = 0; k < c.Length; k++) c[k] = (float)Kernel(frac + H - 1 - k);
    }

    private double Kernel(double tau)
    {
        var r = tau / _half;
        if (r <= -1 || r >= 1) return 0;
        var x = 2 * _cutoff * tau;
        var sinc = x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
        return 2 * _cutoff * sinc * BesselI0(_beta * Math.Sqrt(1 - r * r)) / _i0Beta;
    }

    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> c)
    {
        var n = x.Length;
        var k = 0;
        var sum = 0f;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var acc = Vector<float>.Zero;
            var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            var cv = MemoryMarshal.Cast<float, Vector<float>>(c);
            for (var v = 0; v < xv.Length; v++) acc += xv[v] * cv[v];
            sum = Vector.Sum(acc);
            k = xv.Length * Vector<float>.Count;
        }
        for (; k < n; k++) sum += x[k] * c[k];
        return sum;
    }

    private static float DotClipped(ReadOnlySpan<float> input, long start, ReadOnlySpan<float> c)
    {
        var sum = 0f;
        for (var k = 0; k < c.Length; k++)
        {
            var j = start + k;
            if (j >= 0 && j < input.Length) sum += input[(int)j] * c[k];
        }
        return sum;
    }

    // Zeroth-order modified Bessel function of the first kind: the polynomial approximations of Abramowitz & Stegun
    // 9.8.1 and 9.8.2 (relative error below 2e-7, under the float coefficients' own rounding).
    private static double BesselI0(double x)
    {
        var ax = Math.Abs(x);
        if (ax < 3.75)
        {
            var y = x / 3.75;
            y *= y;
            return 1.0 + y * (3.5156229 + y * (3.0899424 + y * (1.2067492 + y * (0.2659732 + y * (0.0360768 + y * 0.0045813)))));
        }
        var z = 3.75 / ax;
        return Math.Exp(ax) / Math.Sqrt(ax) * (0.39894228 + z * (0.01328592 + z * (0.00225319 + z * (-0.00157565 + z * (0.00916281
               + z * (-0.02057706 + z * (0.02635537 + z * (-0.01647633 + z * 0.00392377))))))));
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
