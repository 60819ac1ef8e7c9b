namespace Sure.Audio.Descriptors;

/// <summary>Spectral tracks on the frame grid.</summary>
internal sealed record SpectralTracks(
    double[] Loudness, double[] EnergyDb, double[] Slope0To500, double[] Slope500To1500, double[] AlphaRatio,
    double[] Hammarberg, double[] Flux, double[][] Mfcc);

/// <summary>
/// Short-time spectral descriptors from one Hamming-windowed FFT per frame (25 ms, FFT 512 at 16 kHz): MFCCs (HTK mel
/// filterbank, natural log, orthonormal DCT-II, c1..cN), auditory loudness, spectral slopes, alpha ratio, Hammarberg
/// index and spectral flux. Definitions in docs/audio-descriptors.md. Window, filterbank and FFT tables are computed
/// once; thread-safe.
/// </summary>
internal sealed class SpectralAnalyzer
{
    private const double Eps = 1e-12;
    private readonly double _fs, _binHz;
    private readonly int _frame, _nfft, _bins, _mel, _ceps;
    private readonly double[] _window;
    private readonly double _windowPower;
    private readonly Fft _fft;
    private readonly int[] _melStart;
    private readonly double[][] _melWeights;
    private readonly double[] _equalLoudness;
    private readonly double[][] _dct;

    public SpectralAnalyzer(AcousticDescriptorOptions o)
    {
        _fs = o.SampleRate;
        _frame = Math.Max(16, (int)Math.Round(o.FrameSeconds * _fs));
        _nfft = 1;
        while (_nfft < _frame) _nfft *= 2;
        _bins = _nfft / 2 + 1;
        _binHz = _fs / _nfft;
        _fft = new Fft(_nfft);
        _window = new double[_frame];
        for (int i = 0; i < _frame; i++)
        {
            _window[i] = 0.54 - 0.46 * Math.Cos(2 * Math.PI * i / (_frame - 1));
            _windowPower += _window[i] * _window[i];
        }
        _mel = o.MelFilterCount;
        _ceps = o.MfccCount;
        static double Mel(double f) => 2595.0 * Math.Log10(1 + f / 700.0);
        static double Hz(double m) => 700.0 * (Math.Pow(10, m / 2595.0) - 1);
        double lo = Mel(20.0), hi = Mel(0.5 * _fs);
        var edges = new double[_mel + 2];
        for (int i = 0; i < edges.Length; i++) edges[i] = Hz(lo + (hi - lo) * i / (_mel + 1));
        _melStart = new int[_mel];
        _melWeights = new double[_mel][];
        _equalLoudness = new double[_mel];
        for (int m = 0; m < _mel; m++)
        {
            double fl = edges[m], fc = edges[m + 1], fh = edges[m + 2];
            int k0 = (int)Math.Ceiling(fl / _binHz), k1 = Math.Min(_bins - 1, (int)Math.Floor(fh / _binHz));
            var w = new double[Math.Max(0, k1 - k0 + 1)];
            for (int k = k0; k <= k1; k++)
            {
                double f = k * _binHz;
                w[k - k0] = f <= fc ? (f - fl) / (fc - fl) : (fh - f) / (fh - fc);
                if (w[k - k0] < 0) w[k - k0] = 0;
            }
            _melStart[m] = k0;
            _melWeights[m] = w;
            double om2 = Math.Pow(2 * Math.PI * fc, 2);
            _equalLoudness[m] = (om2 + 56.8e6) * om2 * om2 / (Math.Pow(om2 + 6.3e6, 2) * (om2 + 0.38e9));
        }
        _dct = new double[_ceps][];
        for (int c = 0; c < _ceps; c++)
        {
            _dct[c] = new double[_mel];
            for (int m = 0; m < _mel; m++) _dct[c][m] = Math.Sqrt(2.0 / _mel) * Math.Cos(Math.PI * (c + 1) * (m + 0.5) / _mel);
        }
    }

    public SpectralTracks Track(double[] x, double[] times)
    {
        int nFrames = times.Length;
        var loud = new double[nFrames];
        var energy = new double[nFrames];
        var s1 = new double[nFrames];
        var s2 = new double[nFrames];
        var alpha = new double[nFrames];
        var hamm = new double[nFrames];
        var flux = new double[nFrames];
        var mfcc = new double[nFrames][];
        var re = new double[_nfft];
        var im = new double[_nfft];
        var pa = new double[_bins];
        var pb = new double[_bins];
        var prevMag = new double[_bins];
        var mag = new double[_bins];
        var logMel = new double[_mel];
        bool havePrev = false;
        for (int f = 0; f < nFrames; f += 2)
        {
            bool hasB = f + 1 < nFrames;
            energy[f] = Fill(x, times[f], re);
            if (hasB) energy[f + 1] = Fill(x, times[f + 1], im);
            else Array.Clear(im);
            _fft.PowerSpectraOfPair(re, im, pa, pb);
            for (int which = 0; which < (hasB ? 2 : 1); which++)
            {
                int g = f + which;
                double[] p = which == 0 ? pa : pb;
                double norm = 0;
                for (int k = 0; k < _bins; k++)
                {
                    p[k] /= _windowPower;
                    mag[k] = Math.Sqrt(p[k]);
                    norm += p[k];
                }
                // Mel bands, loudness, MFCC.
                double l = 0;
                for (int m = 0; m < _mel; m++)
                {
                    double e = 0;
                    var w = _melWeights[m];
                    int k0 = _melStart[m];
                    for (int j = 0; j < w.Length; j++) e += w[j] * p[k0 + j];
                    l += Math.Pow(e * _equalLoudness[m], 0.3);
                    logMel[m] = Math.Log(e + 1e-10);
                }
                loud[g] = l;
                // The DCT rows k >= 1 sum to zero, so removing the mean changes nothing but makes a flat (silent)
                // spectrum give exact zeros.
                double meanLog = 0;
                for (int m = 0; m < _mel; m++) meanLog += logMel[m];
                meanLog /= _mel;
                for (int m = 0; m < _mel; m++)
                {
                    logMel[m] -= meanLog;
                    if (Math.Abs(logMel[m]) < 1e-9) logMel[m] = 0;
                }
                var c = new double[_ceps];
                for (int i = 0; i < _ceps; i++)
                {
                    double s = 0;
                    var d = _dct[i];
                    for (int m = 0; m < _mel; m++) s += d[m] * logMel[m];
                    c[i] = s;
                }
                mfcc[g] = c;
                s1[g] = SlopeDbPerKhz(p, 0, 500);
                s2[g] = SlopeDbPerKhz(p, 500, 1500);
                alpha[g] = 10 * Math.Log10((BandSum(p, 1000, 5000) + Eps) / (BandSum(p, 50, 1000) + Eps));
                hamm[g] = 10 * Math.Log10((BandMax(p, 0, 2000) + Eps) / (BandMax(p, 2000, 5000) + Eps));
                norm = Math.Sqrt(norm);
                for (int k = 0; k < _bins; k++) mag[k] = norm > 0 ? mag[k] / norm : 0;
                double fl = 0;
                if (havePrev)
                    for (int k = 0; k < _bins; k++) { double dd = mag[k] - prevMag[k]; fl += dd * dd; }
                flux[g] = fl;
                Array.Copy(mag, prevMag, _bins);
                havePrev = true;
            }
        }
        return new SpectralTracks(loud, energy, s1, s2, alpha, hamm, flux, mfcc);
    }

    /// <summary>Fills the windowed frame centred at t; returns the frame's level: 10·log10(1 + mean square / 1e-10), i.e. dB above −100 dBFS (0 for silence; unwindowed).</summary>
    private double Fill(double[] x, double t, double[] buf)
    {
        int n = x.Length;
        int start = (int)Math.Floor(t * _fs - 0.5) + 1 - _frame / 2;
        double ms = 0;
        for (int j = 0; j < _frame; j++)
        {
            int i = start + j;
            double v = (uint)i < (uint)n ? x[i] : 0.0;
            ms += v * v;
            buf[j] = v * _window[j];
        }
        Array.Clear(buf, _frame, _nfft - _frame);
        return 10 * Math.Log10(1 + ms / _frame / 1e-10);
    }

    private (int, int) Range(double fLo, double fHi)
    {
        int k0 = Math.Max(0, (int)Math.Ceiling(fLo / _binHz - 1e-9));
        int k1 = Math.Min(_bins - 1, (int)Math.Floor(fHi / _binHz + 1e-9));
        return (k0, k1);
    }

    private double BandSum(double[] p, double fLo, double fHi)
    {
        var (k0, k1) = Range(fLo, fHi);
        double s = 0;
        for (int k = k0; k <= k1; k++) s += p[k];
        return s;
    }

    private double BandMax(double[] p, double fLo, double fHi)
    {
        var (k0, k1) = Range(fLo, fHi);
        double s = 0;
        for (int k = k0; k <= k1; k++) s = Math.Max(s, p[k]);
        return s;
    }

    /// <summary>Least-squares slope of the power spectrum in dB against frequency in kHz, over the bins in [fLo, fHi].</summary>
    private double SlopeDbPerKhz(double[] p, double fLo, double fHi)
    {
        var (k0, k1) = Range(fLo, fHi);
        int n = k1 - k0 + 1;
        if (n < 2) return 0;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int k = k0; k <= k1; k++)
        {
            double xk = k * _binHz / 1000.0, y = 10 * Math.Log10(p[k] + Eps);
            sx += xk; sy += y; sxx += xk * xk; sxy += xk * y;
        }
        double den = n * sxx - sx * sx;
        return den > 0 ? (n * sxy - sx * sy) / den : 0;
    }
}
