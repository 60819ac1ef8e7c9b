using System.Numerics;

namespace Sure.Audio.Descriptors;

/// <summary>F1–F3 frequencies and bandwidths (Hz) per frame; 0 where not measured.</summary>
internal sealed record FormantTrack(double[][] Frequency, double[][] Bandwidth);

/// <summary>
/// Formants as Praat's "To Formant (burg)": resampling to twice the highest formant (11 kHz by default), pre-emphasis
/// (+6 dB/octave above 50 Hz), a Gaussian window twice the effective length (50 ms), Burg LPC of order 2 × formant
/// count (10), the roots of the predictor polynomial (Laguerre with polishing, reflected into the unit circle), and the
/// formants as the roots' angles between 50 Hz and Nyquist − 50 Hz, sorted by frequency; bandwidth = −ln|z|·fs/π.
/// Thread-safe.
/// </summary>
internal sealed class FormantAnalyzer
{
    private readonly AcousticDescriptorOptions _o;
    private readonly int _lpcRate, _order, _half;
    private readonly double[] _window;
    private readonly LpcResampler? _resampler;

    public FormantAnalyzer(AcousticDescriptorOptions options)
    {
        _o = options;
        _lpcRate = (int)Math.Round(2 * options.MaxFormantHz);
        _order = 2 * options.FormantCount;
        _resampler = _lpcRate == options.SampleRate ? null : new LpcResampler(options.SampleRate, _lpcRate);
        int nsamp = (int)Math.Floor(2 * options.FormantWindowSeconds * _lpcRate);
        _half = nsamp / 2;
        nsamp = 2 * _half;
        _window = new double[nsamp];
        double imid = 0.5 * (nsamp + 1), edge = Math.Exp(-12.0);
        for (int i = 1; i <= nsamp; i++)
            _window[i - 1] = (Math.Exp(-48.0 * (i - imid) * (i - imid) / ((nsamp + 1.0) * (nsamp + 1.0))) - edge) / (1.0 - edge);
    }

    /// <summary>Formants at the frames where <paramref name="analyse"/> is true (the voiced frames).</summary>
    public FormantTrack Track(double[] x, double[] times, bool[] analyse)
    {
        int nFrames = times.Length;
        var freq = new double[3][];
        var bw = new double[3][];
        for (int k = 0; k < 3; k++) { freq[k] = new double[nFrames]; bw[k] = new double[nFrames]; }
        if (!analyse.Any(a => a)) return new FormantTrack(freq, bw);
        // Only the samples under a window (and one before, for the pre-emphasis) are resampled.
        int m = _resampler is null ? x.Length : _resampler.OutputLength(x.Length);
        var need = new bool[m];
        for (int f = 0; f < nFrames; f++)
        {
            if (!analyse[f]) continue;
            int start = (int)Math.Floor(times[f] * _lpcRate - 0.5) + 1 - _half;
            for (int i = Math.Max(0, start - 1); i < Math.Min(m, start + _window.Length); i++) need[i] = true;
        }
        double[] y = _resampler is null ? (double[])x.Clone() : _resampler.Process(x, need);
        double pre = Math.Exp(-2 * Math.PI * _o.PreEmphasisHz / _lpcRate);
        for (int i = y.Length - 1; i >= 1; i--) y[i] -= pre * y[i - 1];
        var frame = new double[_window.Length];
        var a = new double[_order + 1];
        var poly = new Complex[_order + 1];
        var found = new List<(double F, double B)>(_order);
        var scratch = new BurgScratch(_window.Length, _order);
        for (int f = 0; f < nFrames; f++)
        {
            if (!analyse[f]) continue;
            int left = (int)Math.Floor(times[f] * _lpcRate - 0.5), start = left + 1 - _half;
            bool any = false;
            for (int j = 0; j < frame.Length; j++)
            {
                int i = start + j;
                double v = (uint)i < (uint)y.Length ? y[i] : 0.0;
                frame[j] = v * _window[j];
                any |= v != 0;
            }
            if (!any || !Burg(frame, a, scratch)) continue;
            // Polynomial z^m - a1 z^(m-1) - ... - am, coefficients in ascending powers.
            for (int i = 0; i < _order; i++) poly[i] = -a[_order - i];
            poly[_order] = 1.0;
            var roots = Roots(poly);
            found.Clear();
            double nyquist = 0.5 * _lpcRate;
            foreach (var z0 in roots)
            {
                var z = z0;
                if (z.Magnitude > 1.0) z = 1.0 / Complex.Conjugate(z);
                if (z.Imaginary < 0) continue;
                double fr = Math.Abs(Math.Atan2(z.Imaginary, z.Real)) * nyquist / Math.PI;
                if (fr < 50.0 || fr > nyquist - 50.0) continue;
                double mag = z.Magnitude;
                double b = mag > 0 ? -Math.Log(mag) * _lpcRate / Math.PI : double.PositiveInfinity;
                if (b > _o.FormantMaxBandwidthHz) continue;
                found.Add((fr, b));
            }
            found.Sort((p, q) => p.F.CompareTo(q.F));
            for (int k = 0; k < 3 && k < found.Count; k++)
            {
                freq[k][f] = found[k].F;
                bw[k][f] = found[k].B;
            }
        }
        return new FormantTrack(freq, bw);
    }

    private sealed class BurgScratch(int n, int m)
    {
        public readonly double[] B1 = new double[n], B2 = new double[n], Aa = new double[m + 1];
    }

    /// <summary>Burg's method: a[1..m] with x[n] ≈ Σ a[k] x[n−k]. False for a silent frame.</summary>
    private static bool Burg(double[] x, double[] a, BurgScratch s)
    {
        int n = x.Length, m = a.Length - 1;
        Array.Clear(a);
        Array.Clear(s.Aa);
        double p = 0;
        for (int j = 0; j < n; j++) p += x[j] * x[j];
        if (p <= 0) return false;
        double[] b1 = s.B1, b2 = s.B2, aa = s.Aa;
        // 1-based in the derivation; here b1[j-1], b2[j-1].
        b1[0] = x[0];
        b2[n - 2] = x[n - 1];
        for (int j = 2; j <= n - 1; j++) b1[j - 1] = b2[j - 2] = x[j - 1];
        for (int i = 1; i <= m; i++)
        {
            var v1 = b1.AsSpan(0, n - i);
            var v2 = b2.AsSpan(0, n - i);
            double num = Dsp.Dot(v1, v2), den = Dsp.Dot(v1, v1) + Dsp.Dot(v2, v2);
            if (den <= 0) return i > 1;
            a[i] = 2.0 * num / den;
            for (int j = 1; j <= i - 1; j++) a[j] = aa[j] - a[i] * aa[i - j];
            if (i < m)
            {
                for (int j = 1; j <= i; j++) aa[j] = a[j];
                Dsp.BurgUpdate(b1, b2, n - i - 1, aa[i]);
            }
        }
        return true;
    }

    /// <summary>All roots of the polynomial (ascending coefficients) by Laguerre's method with deflation and polishing.</summary>
    internal static Complex[] Roots(Complex[] coefficients)
    {
        int m = coefficients.Length - 1;
        var roots = new Complex[m];
        var ad = (Complex[])coefficients.Clone();
        for (int j = m; j >= 1; j--)
        {
            var sub = new Complex[j + 1];
            Array.Copy(ad, sub, j + 1);
            var x = Laguerre(sub, Complex.Zero);
            if (Math.Abs(x.Imaginary) <= 2e-14 * Math.Abs(x.Real)) x = new Complex(x.Real, 0);
            roots[j - 1] = x;
            var b = ad[j];
            for (int jj = j - 1; jj >= 0; jj--)
            {
                var c = ad[jj];
                ad[jj] = b;
                b = x * b + c;
            }
        }
        for (int j = 0; j < m; j++) roots[j] = Laguerre(coefficients, roots[j]);
        return roots;
    }

    private static readonly double[] Frac = [0.0, 0.5, 0.25, 0.75, 0.13, 0.38, 0.62, 0.88, 1.0];

    private static Complex Laguerre(Complex[] a, Complex x0)
    {
        const int mr = 8, mt = 10;
        int m = a.Length - 1;
        double xr = x0.Real, xi = x0.Imaginary;
        for (int iter = 1; iter <= mr * mt; iter++)
        {
            double br = a[m].Real, bi = a[m].Imaginary, dr = 0, di = 0, fr = 0, fi = 0;
            double err = Math.Sqrt(br * br + bi * bi), abx = Math.Sqrt(xr * xr + xi * xi);
            for (int j = m - 1; j >= 0; j--)
            {
                double t;
                t = xr * fr - xi * fi + dr; fi = xr * fi + xi * fr + di; fr = t;
                t = xr * dr - xi * di + br; di = xr * di + xi * dr + bi; dr = t;
                t = xr * br - xi * bi + a[j].Real; bi = xr * bi + xi * br + a[j].Imaginary; br = t;
                err = Math.Sqrt(br * br + bi * bi) + abx * err;
            }
            err *= 1e-15;
            double babs2 = br * br + bi * bi;
            if (Math.Sqrt(babs2) <= err) return new Complex(xr, xi);
            // g = d / b, h = g^2 - 2 f / b
            double gr = (dr * br + di * bi) / babs2, gi = (di * br - dr * bi) / babs2;
            double g2r = gr * gr - gi * gi, g2i = 2 * gr * gi;
            double fbr = (fr * br + fi * bi) / babs2, fbi = (fi * br - fr * bi) / babs2;
            double hr = g2r - 2 * fbr, hi = g2i - 2 * fbi;
            var sq = Complex.Sqrt(new Complex((m - 1) * (m * hr - g2r), (m - 1) * (m * hi - g2i)));
            double gpr = gr + sq.Real, gpi = gi + sq.Imaginary, gmr = gr - sq.Real, gmi = gi - sq.Imaginary;
            double abp = gpr * gpr + gpi * gpi, abm = gmr * gmr + gmi * gmi;
            if (abp < abm) { gpr = gmr; gpi = gmi; }
            double dxr, dxi;
            if (Math.Max(abp, abm) > 0)
            {
                double den = gpr * gpr + gpi * gpi;
                dxr = m * gpr / den;
                dxi = -m * gpi / den;
            }
            else
            {
                dxr = (1 + abx) * Math.Cos(iter);
                dxi = (1 + abx) * Math.Sin(iter);
            }
            double x1r = xr - dxr, x1i = xi - dxi;
            if (x1r == xr && x1i == xi) return new Complex(xr, xi);
            if (iter % mt != 0) { xr = x1r; xi = x1i; }
            else
            {
                double fr2 = Frac[iter / mt];
                xr -= fr2 * dxr;
                xi -= fr2 * dxi;
            }
        }
        return new Complex(xr, xi);
    }
}
