using System.Numerics;
using System.Runtime.InteropServices;

namespace Sure.Audio.Descriptors;

/// <summary>Small vectorized kernels shared by the analysers.</summary>
internal static class Dsp
{
    /// <summary>Σ a[i]·b[i] over the common length.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = Math.Min(a.Length, b.Length);
        int i = 0;
        double s = 0;
        if (Vector.IsHardwareAccelerated && n >= 2 * Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a[..n]);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..n]);
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            int k = 0;
            for (; k + 1 < va.Length; k += 2)
            {
                acc0 += va[k] * vb[k];
                acc1 += va[k + 1] * vb[k + 1];
            }
            for (; k < va.Length; k++) acc0 += va[k] * vb[k];
            s = Vector.Sum(acc0 + acc1);
            i = va.Length * Vector<double>.Count;
        }
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>max |a[i]|.</summary>
    public static double MaxAbs(ReadOnlySpan<double> a)
    {
        int i = 0;
        double m = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var acc = Vector<double>.Zero;
            foreach (var v in va) acc = Vector.Max(acc, Vector.Abs(v));
            for (int k = 0; k < Vector<double>.Count; k++) m = Math.Max(m, acc[k]);
            i = va.Length * Vector<double>.Count;
        }
        for (; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i]));
        return m;
    }

    /// <summary>
    /// Burg's forward/backward error update for j = 0 .. count − 1, with the old values on the right-hand side:
    /// b1[j] = b1[j] − k·b2[j], b2[j] = b2[j+1] − k·b1[j+1]. Element for element the same arithmetic as the scalar loop.
    /// </summary>
    public static void BurgUpdate(double[] b1, double[] b2, int count, double k)
    {
        int j = 0;
        int w = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            var vk = new Vector<double>(k);
            // b2[j + w] and b1[j + w] are read, so stop one vector early.
            for (; j + w < count && j + w + 1 <= b1.Length && j + w + 1 <= b2.Length; j += w)
            {
                var oldB2 = new Vector<double>(b2, j);
                var nextB2 = new Vector<double>(b2, j + 1);
                var nextB1 = new Vector<double>(b1, j + 1);
                var oldB1 = new Vector<double>(b1, j);
                (nextB2 - vk * nextB1).CopyTo(b2, j);
                (oldB1 - vk * oldB2).CopyTo(b1, j);
            }
        }
        for (; j < count; j++)
        {
            b1[j] -= k * b2[j];
            b2[j] = b2[j + 1] - k * b1[j + 1];
        }
    }
}
