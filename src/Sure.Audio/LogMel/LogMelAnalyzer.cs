namespace Sure.Audio.LogMel;

/// <summary>
/// The tables of <see cref="LogMelSpectrogram"/> (window, FFT twiddles, mel filters) built once for a set of options, so
/// that many clips reuse them. Not thread-safe (it owns scratch buffers): one per thread.
/// </summary>
internal sealed class LogMelAnalyzer
{
    private readonly LogMelOptions _o;
    private readonly int _win, _hop, _fft, _bins;
    private readonly double[] _window;
    private readonly double[] _cos, _sin;
    private readonly int[] _reverse;
    private readonly int[] _filterStart;
    private readonly double[][] _filterWeights;
    private readonly double[] _re, _im, _power;

    public LogMelAnalyzer(LogMelOptions options)
    {
        _o = options;
        _win = options.WindowSamples;
        _hop = options.HopSamples;
        _fft = options.FftSize;
        _bins = _fft / 2 + 1;
        _window = new double[_win];
        for (int i = 0; i < _win; i++) _window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / _win); // periodic Hann
        _cos = new double[_fft / 2];
        _sin = new double[_fft / 2];
        for (int k = 0; k < _fft / 2; k++)
        {
            _cos[k] = Math.Cos(2 * Math.PI * k / _fft);
            _sin[k] = -Math.Sin(2 * Math.PI * k / _fft);
        }
        int bits = System.Numerics.BitOperations.Log2((uint)_fft);
        _reverse = new int[_fft];
        for (int i = 0; i < _fft; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) if ((i & (1 << b)) != 0) r |= 1 << (bits - 1 - b);
            _reverse[i] = r;
        }
        (_filterStart, _filterWeights) = Filters(options.Mels, _fft, AudioClip.StandardRate);
        _re = new double[_fft];
        _im = new double[_fft];
        _power = new double[_bins];
    }

    public LogMelOptions Options => _o;

    /// <summary>HTK mel of a frequency in Hz.</summary>
    public static double HzToMel(double hz) => 2595.0 * Math.Log10(1.0 + hz / 700.0);

    /// <summary>Frequency in Hz of an HTK mel value.</summary>
    public static double MelToHz(double mel) => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);

    /// <summary>The triangular filters (first non-zero bin and weights of each), from 0 Hz to the Nyquist frequency.</summary>
    private static (int[] Start, double[][] Weights) Filters(int mels, int fft, int rate)
    {
        double top = HzToMel(rate / 2.0);
        var edges = new double[mels + 2];
        for (int i = 0; i < edges.Length; i++) edges[i] = MelToHz(top * i / (mels + 1));
        int bins = fft / 2 + 1;
        var start = new int[mels];
        var weights = new double[mels][];
        for (int m = 0; m < mels; m++)
        {
            double lo = edges[m], mid = edges[m + 1], hi = edges[m + 2];
            var w = new List<double>();
            int first = -1;
            for (int k = 0; k < bins; k++)
            {
                double f = (double)k * rate / fft;
                double v = Math.Max(0, Math.Min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
                if (v <= 0) { if (first >= 0) break; continue; }
                if (first < 0) first = k;
                w.Add(v);
            }
            start[m] = Math.Max(first, 0);
            weights[m] = [.. w];
        }
        return (start, weights);
    }

    /// <summary>The clip's log-mel spectrogram, row-major [frames × mels].</summary>
    public float[] Compute(AudioClip clip, out int frames)
    {
        if (clip.SampleRate != AudioClip.StandardRate)
            throw new ArgumentException($"the log-mel front end reads {AudioClip.StandardRate} Hz clips (got {clip.SampleRate} Hz); convert first.", nameof(clip));
        var s = clip.Samples;
        int n = s.Length, offset = 0, max = LogMelSpectrogram.MaxSamples(_o);
        if (n > max) { offset = (n - max) / 2; n = max; }
        frames = LogMelSpectrogram.FrameCount(clip.Samples.Length, _o);
        int mels = _o.Mels;
        var result = new float[frames * mels];
        for (int t = 0; t < frames; t++)
        {
            Array.Clear(_re);
            Array.Clear(_im);
            int begin = t * _hop;
            int count = Math.Min(_win, n - begin);
            for (int j = 0; j < count; j++) _re[_reverse[j]] = s[offset + begin + j] * _window[j];
            Transform();
            for (int k = 0; k < _bins; k++) _power[k] = _re[k] * _re[k] + _im[k] * _im[k];
            for (int m = 0; m < mels; m++)
            {
                var w = _filterWeights[m];
                int k0 = _filterStart[m];
                double sum = 0;
                for (int j = 0; j < w.Length; j++) sum += w[j] * _power[k0 + j];
                result[t * mels + m] = (float)Math.Log(sum + LogMelSpectrogram.Epsilon);
            }
        }
        return result;
    }

    /// <summary>In-place iterative radix-2 FFT of (_re, _im), whose input is already in bit-reversed order.</summary>
    private void Transform()
    {
        int n = _fft;
        for (int size = 2; size <= n; size <<= 1)
        {
            int half = size >> 1, step = n / size;
            for (int i = 0; i < n; i += size)
                for (int j = 0; j < half; j++)
                {
                    double wr = _cos[j * step], wi = _sin[j * step];
                    int a = i + j, b = a + half;
                    double xr = _re[b] * wr - _im[b] * wi, xi = _re[b] * wi + _im[b] * wr;
                    _re[b] = _re[a] - xr; _im[b] = _im[a] - xi;
                    _re[a] += xr; _im[a] += xi;
                }
        }
    }
}
