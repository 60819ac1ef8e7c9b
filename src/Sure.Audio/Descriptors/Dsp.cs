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
}
