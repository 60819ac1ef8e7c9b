using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sure.Audio.Descriptors;

/// <summary>
/// In-place iterative radix-2 complex FFT of one fixed power-of-two size, in double precision. Twiddles and the
/// bit-reversal permutation are computed once; the instance holds no mutable state, so one instance may be shared by
/// threads.
/// </summary>
internal sealed class Fft
{
    private readonly int _n;
    private readonly int[] _bitReverse;
    private readonly double[] _cos;
    private readonly double[] _sin;

    /// <summary>Prepares an FFT of <paramref name="n"/> points (a power of two, at least 2).</summary>
    public Fft(int n)
    {
        if (n < 2 || (n & (n - 1)) != 0) throw new ArgumentException("FFT size must be a power of two >= 2.", nameof(n));
        _n = n;
        int bits = System.Numerics.BitOperations.Log2((uint)n);
        _bitReverse = new int[n];
        for (int i = 0; i < n; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _bitReverse[i] = r;
        }
        _cos = new double[n / 2];
        _sin = new double[n / 2];
        for (int i = 0; i < n / 2; i++)
        {
            _cos[i] = Math.Cos(2 * Math.PI * i / n);
            _sin[i] = -Math.Sin(2 * Math.PI * i / n);
        }
    }

    /// <summary>The number of points.</summary>
    public int Size => _n;

    /// <summary>Forward transform X[k] = sum x[n] exp(-2 pi i k n / N), in place.</summary>
    public void Forward(double[] re, double[] im) => Transform(re, im, false);

    /// <summary>Unscaled inverse transform x[n] = sum X[k] exp(+2 pi i k n / N), in place (no 1/N factor).</summary>
    public void InverseUnscaled(double[] re, double[] im) => Transform(re, im, true);

    private void Transform(double[] re, double[] im, bool inverse)
    {
        int n = _n;
        if (re.Length < n || im.Length < n) throw new ArgumentException("Buffers shorter than the FFT size.");
        for (int i = 0; i < n; i++)
        {
            int j = _bitReverse[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        ref double r = ref MemoryMarshal.GetArrayDataReference(re);
        ref double m = ref MemoryMarshal.GetArrayDataReference(im);
        // Stage of size 2 (twiddle 1).
        for (int a = 0; a < n; a += 2)
        {
            double tr = Unsafe.Add(ref r, a + 1), ti = Unsafe.Add(ref m, a + 1);
            double ur = Unsafe.Add(ref r, a), ui = Unsafe.Add(ref m, a);
            Unsafe.Add(ref r, a + 1) = ur - tr;
            Unsafe.Add(ref m, a + 1) = ui - ti;
            Unsafe.Add(ref r, a) = ur + tr;
            Unsafe.Add(ref m, a) = ui + ti;
        }
        double sign = inverse ? -1.0 : 1.0;
        for (int size = 4; size <= n; size <<= 1)
        {
            int half = size >> 1;
            int step = n / size;
            for (int k = 0; k < half; k++)
            {
                double wr = _cos[k * step], wi = sign * _sin[k * step];
                for (int a = k; a < n; a += size)
                {
                    int b = a + half;
                    double br = Unsafe.Add(ref r, b), bi = Unsafe.Add(ref m, b);
                    double xr = br * wr - bi * wi;
                    double xi = br * wi + bi * wr;
                    double ar = Unsafe.Add(ref r, a), ai = Unsafe.Add(ref m, a);
                    Unsafe.Add(ref r, b) = ar - xr;
                    Unsafe.Add(ref m, b) = ai - xi;
                    Unsafe.Add(ref r, a) = ar + xr;
                    Unsafe.Add(ref m, a) = ai + xi;
                }
            }
        }
    }

    /// <summary>
    /// Power spectra of two real frames at once: <paramref name="re"/> holds frame A and <paramref name="im"/> frame
    /// B (both zero-padded to <see cref="Size"/>); on return <paramref name="powerA"/>[k] and <paramref name="powerB"/>[k]
    /// hold |A_k|^2 and |B_k|^2 for k = 0 .. N/2. <paramref name="re"/> and <paramref name="im"/> are overwritten.
    /// </summary>
    public void PowerSpectraOfPair(double[] re, double[] im, double[] powerA, double[] powerB)
    {
        Forward(re, im);
        int n = _n;
        for (int k = 0; k <= n / 2; k++)
        {
            int m = (n - k) & (n - 1);
            double ar = 0.5 * (re[k] + re[m]), ai = 0.5 * (im[k] - im[m]);
            double br = 0.5 * (im[k] + im[m]), bi = -0.5 * (re[k] - re[m]);
            powerA[k] = ar * ar + ai * ai;
            powerB[k] = br * br + bi * bi;
        }
    }
}
