namespace Sure.Audio.Descriptors;

/// <summary>The F0 track of one clip on the common frame grid.</summary>
/// <param name="F0">F0 per frame in Hz; 0 where the frame is unvoiced.</param>
/// <param name="Strength">Normalized autocorrelation of the chosen candidate (0 where unvoiced).</param>
internal sealed record PitchTrack(double[] F0, double[] Strength);

/// <summary>
/// Boersma's (1993) autocorrelation pitch tracker as Praat's "To Pitch (ac)" implements it: a Hann window of three
/// periods of the F0 floor, the window's own autocorrelation divided out, up to 15 candidates per frame (peaks of the
/// normalized autocorrelation refined by windowed-sinc interpolation) plus the unvoiced candidate, and a Viterbi path
/// with octave, octave-jump and voiced/unvoiced costs. Immutable after construction (thread-safe); each call allocates
/// its own scratch buffers.
/// </summary>
internal sealed class PitchTracker
{
    private const int MaxCandidates = 15;
    private const int SincDepth = 30;
    private readonly double _fs;
    private readonly AcousticDescriptorOptions _o;
    private readonly int _nsampWindow, _halfWindow, _nsampPeriod, _halfPeriod, _maximumLag, _brentMax, _nfft;
    private readonly double[] _window, _windowR;
    private readonly Fft _fft;

    public PitchTracker(AcousticDescriptorOptions options)
    {
        _o = options;
        _fs = options.SampleRate;
        double dx = 1.0 / _fs;
        const double periodsPerWindow = 3.0;
        WindowSeconds = periodsPerWindow / options.F0MinHz;
        _nsampPeriod = (int)Math.Floor(1.0 / dx / options.F0MinHz);
        _halfPeriod = _nsampPeriod / 2 + 1;
        int nsamp = (int)Math.Floor(WindowSeconds / dx);
        _halfWindow = nsamp / 2 - 1;
        if (_halfWindow < 2) throw new ArgumentException("Pitch window too short for this sample rate and F0 floor.");
        _nsampWindow = _halfWindow * 2;
        _maximumLag = Math.Min((int)Math.Floor(_nsampWindow / periodsPerWindow) + 2, _nsampWindow);
        _brentMax = (int)Math.Floor(_nsampWindow * 0.5);
        _nfft = 1;
        while (_nfft < _nsampWindow * 1.5) _nfft *= 2;
        _fft = new Fft(_nfft);
        _window = new double[_nsampWindow];
        for (int i = 1; i <= _nsampWindow; i++) _window[i - 1] = 0.5 - 0.5 * Math.Cos(i * 2 * Math.PI / (_nsampWindow + 1));
        _windowR = new double[_brentMax + 1];
        for (int lag = 0; lag <= _brentMax; lag++)
        {
            double s = 0;
            for (int j = 0; j + lag < _nsampWindow; j++) s += _window[j] * _window[j + lag];
            _windowR[lag] = s;
        }
        for (int lag = _brentMax; lag >= 0; lag--) _windowR[lag] /= _windowR[0];
    }

    /// <summary>The analysis window (s): three periods of the F0 floor.</summary>
    public double WindowSeconds { get; }

    /// <summary>Praat's frame grid: as many frames as fit symmetrically, one per hop, each a full pitch window.</summary>
    public double[] FrameTimes(int sampleCount)
    {
        double duration = sampleCount / _fs;
        if (duration < WindowSeconds) return [];
        int n = (int)Math.Floor((duration - WindowSeconds) / _o.HopSeconds + 1e-9) + 1;
        double t1 = 0.5 * duration - 0.5 * n * _o.HopSeconds + 0.5 * _o.HopSeconds;
        var times = new double[n];
        for (int i = 0; i < n; i++) times[i] = t1 + i * _o.HopSeconds;
        return times;
    }

    /// <summary>Tracks F0 over <paramref name="x"/> at the given frame centres.</summary>
    public PitchTrack Track(double[] x, double[] times)
    {
        int nFrames = times.Length;
        var f0 = new double[nFrames];
        var strengthOut = new double[nFrames];
        if (nFrames == 0) return new PitchTrack(f0, strengthOut);
        double mean = 0;
        foreach (double v in x) mean += v;
        mean /= Math.Max(1, x.Length);
        double globalPeak = 0;
        foreach (double v in x) globalPeak = Math.Max(globalPeak, Math.Abs(v - mean));
        if (globalPeak == 0) return new PitchTrack(f0, strengthOut);

        var freq = new double[nFrames][];
        var str = new double[nFrames][];
        var intensity = new double[nFrames];
        var re = new double[_nfft];
        var im = new double[_nfft];
        var pa = new double[_nfft / 2 + 1];
        var pb = new double[_nfft / 2 + 1];
        int stride = _brentMax + 1;
        double[] rAll = System.Buffers.ArrayPool<double>.Shared.Rent(nFrames * stride);
        var imaxAll = new int[nFrames][];
        for (int f = 0; f < nFrames; f += 2)
        {
            bool hasB = f + 1 < nFrames;
            double peakA = FillFrame(x, times[f], re);
            double peakB = hasB ? FillFrame(x, times[f + 1], im) : 0;
            if (!hasB) Array.Clear(im);
            _fft.PowerSpectraOfPair(re, im, pa, pb);
            for (int k = 0; k <= _nfft / 2; k++)
            {
                re[k] = pa[k];
                im[k] = pb[k];
                if (k > 0 && k < _nfft / 2)
                {
                    re[_nfft - k] = pa[k];
                    im[_nfft - k] = pb[k];
                }
            }
            _fft.InverseUnscaled(re, im);
            var rA = rAll.AsSpan(f * stride, stride);
            Normalize(re, rA);
            intensity[f] = Math.Min(1.0, peakA / globalPeak);
            (freq[f], str[f], imaxAll[f]) = Candidates(rA, peakA);
            if (hasB)
            {
                var rB = rAll.AsSpan((f + 1) * stride, stride);
                Normalize(im, rB);
                intensity[f + 1] = Math.Min(1.0, peakB / globalPeak);
                (freq[f + 1], str[f + 1], imaxAll[f + 1]) = Candidates(rB, peakB);
            }
        }
        var path = PathFinder(freq, str, intensity);
        double ceiling = Math.Min(_o.F0MaxHz, 0.5 * _fs);
        for (int f = 0; f < nFrames; f++)
        {
            int c = path[f];
            double fr = freq[f][c];
            if (fr > 0 && fr < ceiling)
            {
                // Second pass for the chosen candidate only: maximize the sinc-interpolated autocorrelation.
                (double lag, double st) = ImproveMaximum(rAll.AsSpan(f * stride, stride), imaxAll[f][c]);
                if (st > 1.0) st = 1.0 / st;
                f0[f] = _fs / lag;
                strengthOut[f] = st;
            }
        }
        System.Buffers.ArrayPool<double>.Shared.Return(rAll);
        return new PitchTrack(f0, strengthOut);
    }

    private void Normalize(double[] ac, Span<double> r)
    {
        double a0 = ac[0];
        if (a0 <= 0)
        {
            r.Clear();
            return;
        }
        r[0] = 1.0;
        for (int i = 1; i <= _brentMax; i++) r[i] = ac[i] / (a0 * _windowR[i]);
    }

    /// <summary>Copies the Hann-windowed, mean-removed frame centred at <paramref name="t"/>; returns the local peak.</summary>
    private double FillFrame(double[] x, double t, double[] frame)
    {
        int n = x.Length;
        int left = (int)Math.Floor(t * _fs - 0.5), right = left + 1;
        double localMean = 0;
        for (int i = right - _nsampPeriod; i <= left + _nsampPeriod; i++)
            if ((uint)i < (uint)n) localMean += x[i];
        localMean /= 2 * _nsampPeriod;
        int start = right - _halfWindow;
        for (int j = 0; j < _nsampWindow; j++)
        {
            int i = start + j;
            double v = (uint)i < (uint)n ? x[i] : 0.0;
            frame[j] = (v - localMean) * _window[j];
        }
        Array.Clear(frame, _nsampWindow, _nfft - _nsampWindow);
        int a = Math.Max(0, _halfWindow - _halfPeriod), b = Math.Min(_nsampWindow - 1, _halfWindow + _halfPeriod - 1);
        double peak = 0;
        for (int j = a; j <= b; j++) peak = Math.Max(peak, Math.Abs(frame[j]));
        return peak;
    }

    /// <summary>
    /// First pass: the unvoiced candidate plus the strongest autocorrelation peaks (parabolic lag, sinc-interpolated
    /// strength), as Praat registers them. The second (refining) pass is done after the path, for the chosen candidate.
    /// </summary>
    private (double[] Freq, double[] Strength, int[] Imax) Candidates(ReadOnlySpan<double> r, double localPeak)
    {
        var freq = new double[MaxCandidates];
        var strength = new double[MaxCandidates];
        var imax = new int[MaxCandidates];
        int count = 1; // candidate 0: unvoiced
        if (localPeak == 0 || r[0] == 0) return (freq[..1], strength[..1], imax[..1]);
        double minPitch = _o.F0MinHz, octaveCost = _o.OctaveCost;
        for (int i = 2; i < _maximumLag && i < _brentMax; i++)
        {
            if (!(r[i] > 0.5 * _o.VoicingThreshold && r[i] > r[i - 1] && r[i] >= r[i + 1])) continue;
            double dr = 0.5 * (r[i + 1] - r[i - 1]), d2r = 2.0 * r[i] - r[i - 1] - r[i + 1];
            double lag = d2r != 0 ? i + dr / d2r : i;
            double f = _fs / lag;
            double s = Sinc(r, lag);
            if (s > 1.0) s = 1.0 / s;
            int place = -1;
            if (count < MaxCandidates) place = count++;
            else
            {
                double weakest = 2.0;
                for (int w = 1; w < MaxCandidates; w++)
                {
                    double local = strength[w] - octaveCost * Math.Log2(minPitch / freq[w]);
                    if (local < weakest) { weakest = local; place = w; }
                }
                if (s - octaveCost * Math.Log2(minPitch / f) <= weakest) place = -1;
            }
            if (place >= 0)
            {
                freq[place] = f;
                strength[place] = s;
                imax[place] = i;
            }
        }
        return (freq[..count], strength[..count], imax[..count]);
    }

    /// <summary>Refines a peak of r near integer lag i by successive parabolas through sinc-interpolated values.</summary>
    private (double Lag, double Value) ImproveMaximum(ReadOnlySpan<double> r, int i)
    {
        double dr = 0.5 * (r[i + 1] - r[i - 1]), d2r = 2.0 * r[i] - r[i - 1] - r[i + 1];
        double x = d2r > 0 ? i + Math.Clamp(dr / d2r, -0.5, 0.5) : i;
        double h = 0.1;
        for (int iter = 0; iter < 3; iter++)
        {
            double ym = Sinc(r, x - h), y0 = Sinc(r, x), yp = Sinc(r, x + h);
            double d2 = 2 * y0 - ym - yp;
            if (d2 <= 0) break;
            double step = 0.5 * h * (yp - ym) / d2;
            x += Math.Clamp(step, -h, h);
            x = Math.Clamp(x, i - 1.0, i + 1.0);
            h *= 0.2;
        }
        return (x, Sinc(r, x));
    }

    /// <summary>r (even in the lag, known for 0 .. brentMax) at a real lag, by raised-cosine-windowed sinc interpolation.</summary>
    private double Sinc(ReadOnlySpan<double> r, double x)
    {
        int maxIndex = _brentMax;
        int ml = (int)Math.Floor(x);
        if (x == ml) return r[Math.Min(Math.Abs(ml), maxIndex)];
        int mr = ml + 1;
        int depth = Math.Min(SincDepth, Math.Min(mr + maxIndex, maxIndex - ml));
        if (depth < 1) return r[Math.Min(Math.Abs(ml), maxIndex)];
        int leftIx = mr - depth, rightIx = ml + depth;
        // sin(pi (x - ix)) alternates in sign with ix; the raised-cosine window's angle grows by a fixed step, so its
        // cosine is advanced by rotation instead of a Math.Cos per term.
        double s0 = Math.Sin(Math.PI * (x - ml));
        double result = 0;
        double widthLeft = x - leftIx + 1, widthRight = rightIx - x + 1;
        double a = Math.PI * (x - ml), sign = 1;
        double step = Math.PI / widthLeft, cs = Math.Cos(step), sn = Math.Sin(step);
        double c = Math.Cos(a / widthLeft), si = Math.Sin(a / widthLeft);
        for (int ix = ml; ix >= leftIx; ix--)
        {
            result += r[Math.Abs(ix)] * sign * s0 / a * (0.5 + 0.5 * c);
            sign = -sign;
            a += Math.PI;
            (c, si) = (c * cs - si * sn, si * cs + c * sn);
        }
        a = Math.PI * (x - mr);
        sign = -1;
        step = Math.PI / widthRight;
        cs = Math.Cos(step);
        sn = Math.Sin(step);
        c = Math.Cos(-a / widthRight);
        si = Math.Sin(-a / widthRight);
        for (int ix = mr; ix <= rightIx; ix++)
        {
            result += r[Math.Abs(ix)] * sign * s0 / a * (0.5 + 0.5 * c);
            sign = -sign;
            a -= Math.PI;
            (c, si) = (c * cs - si * sn, si * cs + c * sn);
        }
        return result;
    }

    private int[] PathFinder(double[][] freq, double[][] str, double[] intensity)
    {
        int nFrames = freq.Length;
        double ceiling = Math.Min(_o.F0MaxHz, 0.5 * _fs);
        double correction = 0.01 / _o.HopSeconds;
        double jumpCost = _o.OctaveJumpCost * correction, vuCost = _o.VoicedUnvoicedCost * correction;
        double silence = _o.SilenceThreshold, voicing = _o.VoicingThreshold;
        var delta = new double[nFrames][];
        var psi = new int[nFrames][];
        var log2f = new double[nFrames][];
        for (int f = 0; f < nFrames; f++)
        {
            double unvoiced = silence <= 0 ? 0 : 2.0 - intensity[f] / (silence / (1.0 + voicing));
            unvoiced = voicing + Math.Max(0, unvoiced);
            int nc = freq[f].Length;
            delta[f] = new double[nc];
            psi[f] = new int[nc];
            log2f[f] = new double[nc];
            for (int c = 0; c < nc; c++)
            {
                double fr = freq[f][c];
                bool voiceless = !(fr > 0 && fr < ceiling);
                log2f[f][c] = voiceless ? 0 : Math.Log2(fr);
                delta[f][c] = voiceless ? unvoiced : str[f][c] - _o.OctaveCost * Math.Log2(ceiling / fr);
            }
        }
        for (int f = 1; f < nFrames; f++)
        {
            double[] prevF = freq[f - 1], prevD = delta[f - 1], prevL = log2f[f - 1];
            for (int c2 = 0; c2 < freq[f].Length; c2++)
            {
                double f2 = freq[f][c2], l2 = log2f[f][c2];
                bool v2 = f2 > 0 && f2 < ceiling;
                double best = double.NegativeInfinity;
                int place = 0;
                for (int c1 = 0; c1 < prevF.Length; c1++)
                {
                    double f1 = prevF[c1];
                    bool v1 = f1 > 0 && f1 < ceiling;
                    double cost = !v2 ? (!v1 ? 0 : vuCost) : (!v1 ? vuCost : jumpCost * Math.Abs(prevL[c1] - l2));
                    double value = prevD[c1] - cost;
                    if (value > best) { best = value; place = c1; }
                }
                delta[f][c2] += best;
                psi[f][c2] = place;
            }
        }
        var path = new int[nFrames];
        double max = double.NegativeInfinity;
        for (int c = 0; c < delta[nFrames - 1].Length; c++)
            if (delta[nFrames - 1][c] > max) { max = delta[nFrames - 1][c]; path[nFrames - 1] = c; }
        for (int f = nFrames - 1; f > 0; f--) path[f - 1] = psi[f][path[f]];
        return path;
    }
}
