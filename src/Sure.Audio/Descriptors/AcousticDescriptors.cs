namespace Sure.Audio.Descriptors;

/// <summary>
/// A fixed, versioned set of utterance-level acoustic descriptors in the spirit of eGeMAPS (F0, loudness, jitter,
/// shimmer, HNR, formants, spectral shape, MFCCs, rhythm), computed from frame-level tracks by functionals (mean,
/// standard deviation, percentiles, slopes, segment statistics). Every name and definition is in
/// docs/audio-descriptors.md; F0, jitter, shimmer, HNR and F1–F3 follow Praat's algorithms and are checked against
/// Praat (tools/praat/measure.praat, bench/Sure.Audio.Bench).
/// <para>
/// Thread-safety: an instance is immutable after construction (windows, filterbanks and FFT tables are built once);
/// <see cref="Extract"/> and <see cref="Frames"/> allocate their own scratch buffers, so one instance may be used from
/// several threads at once. No output is ever NaN or infinite: silence gives zeros (voiced rate 0), a clip shorter than
/// one pitch window (40 ms at the default F0 floor) gives all zeros.
/// </para>
/// </summary>
public sealed class AcousticDescriptors
{
    /// <summary>Version of the descriptor set: names, order and definitions. Changes whenever any of them changes.</summary>
    public const string Version = "sure-acoustic-1";

    private readonly AcousticDescriptorOptions _o;
    private readonly PitchTracker _pitch;
    private readonly SpectralAnalyzer _spectral;
    private readonly HarmonicityAnalyzer _harmonicity;
    private readonly FormantAnalyzer _formants;
    private readonly string[] _names;

    /// <summary>Builds the analysers (windows, filterbanks, FFT tables) once for <paramref name="options"/> (defaults when null).</summary>
    public AcousticDescriptors(AcousticDescriptorOptions? options = null)
    {
        _o = options ?? new AcousticDescriptorOptions();
        if (_o.SampleRate <= 0) throw new ArgumentException("SampleRate must be positive.", nameof(options));
        if (!(_o.F0MinHz > 0 && _o.F0MaxHz > _o.F0MinHz)) throw new ArgumentException("Need 0 < F0MinHz < F0MaxHz.", nameof(options));
        if (!(_o.HopSeconds > 0)) throw new ArgumentException("HopSeconds must be positive.", nameof(options));
        _pitch = new PitchTracker(_o);
        _spectral = new SpectralAnalyzer(_o);
        _harmonicity = new HarmonicityAnalyzer(_o);
        _formants = new FormantAnalyzer(_o);
        var names = new List<string>();
        Emit(Empty(), 0, (name, _) => names.Add(name));
        _names = [.. names];
    }

    /// <summary>The options this instance was built with.</summary>
    public AcousticDescriptorOptions Options => _o;

    /// <summary>One name per output value of <see cref="Extract"/>, in output order (stable for a <see cref="Version"/>).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Number of values <see cref="Extract"/> returns.</summary>
    public int Dim => _names.Length;

    /// <summary>The utterance-level descriptor vector of a mono clip at <see cref="AcousticDescriptorOptions.SampleRate"/> (16 kHz).</summary>
    /// <exception cref="ArgumentException">The clip's sample rate is not the configured one.</exception>
    public float[] Extract(AudioClip clip)
    {
        var frames = Frames(clip);
        var result = new float[_names.Length];
        int i = 0;
        Emit(frames, clip.Samples.Length / (double)_o.SampleRate, (_, v) =>
        {
            result[i++] = double.IsFinite(v) ? (float)v : 0f;
        });
        return result;
    }

    /// <summary>The frame-level tracks (F0, loudness, HNR, F1–F3, spectral shape, MFCCs) and pulses of a clip.</summary>
    /// <exception cref="ArgumentException">The clip's sample rate is not the configured one.</exception>
    public FrameDescriptors Frames(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.SampleRate != _o.SampleRate)
            throw new ArgumentException($"Expected a {_o.SampleRate} Hz clip, got {clip.SampleRate} Hz (decode with AudioDecoder.Load).", nameof(clip));
        var x = new double[clip.Samples.Length];
        for (int i = 0; i < x.Length; i++)
        {
            float v = clip.Samples[i];
            x[i] = float.IsFinite(v) ? v : 0.0;
        }
        double fs = _o.SampleRate;
        double[] times = _pitch.FrameTimes(x.Length);
        int n = times.Length;
        var pitch = _pitch.Track(x, times);
        var voiced = new bool[n];
        for (int f = 0; f < n; f++) voiced[f] = pitch.F0[f] > 0;
        var spectral = _spectral.Track(x, times);
        var hnr = _harmonicity.Track(x, times, pitch.F0, out bool[] hnrDefined);
        var formants = _formants.Track(x, times, voiced);
        var pulses = VoiceQuality.Pulses(x, fs, times, pitch.F0);
        var perturbation = VoiceQuality.Measure(x, fs, pulses);
        return new FrameDescriptors
        {
            Times = times,
            Voiced = voiced,
            F0Hz = pitch.F0,
            Loudness = spectral.Loudness,
            EnergyDb = spectral.EnergyDb,
            HnrDb = hnr,
            HnrDefined = hnrDefined,
            F1Hz = formants.Frequency[0],
            F2Hz = formants.Frequency[1],
            F3Hz = formants.Frequency[2],
            FormantBandwidthHz = formants.Bandwidth,
            SpectralSlope0To500 = spectral.Slope0To500,
            SpectralSlope500To1500 = spectral.Slope500To1500,
            AlphaRatio = spectral.AlphaRatio,
            HammarbergIndex = spectral.Hammarberg,
            SpectralFlux = spectral.Flux,
            Mfcc = spectral.Mfcc,
            MfccDelta = Deltas(spectral.Mfcc, _o.MfccCount),
            Pulses = pulses,
            JitterLocal = perturbation.JitterLocal,
            JitterRap = perturbation.JitterRap,
            ShimmerLocal = perturbation.ShimmerLocal,
            ShimmerLocalDb = perturbation.ShimmerLocalDb,
            HopSeconds = _o.HopSeconds,
        };
    }

    private FrameDescriptors Empty() => new()
    {
        Times = [], Voiced = [], F0Hz = [], Loudness = [], EnergyDb = [], HnrDb = [], HnrDefined = [], F1Hz = [], F2Hz = [], F3Hz = [],
        FormantBandwidthHz = [[], [], []], SpectralSlope0To500 = [], SpectralSlope500To1500 = [], AlphaRatio = [],
        HammarbergIndex = [], SpectralFlux = [], Mfcc = [], MfccDelta = [], Pulses = [], JitterLocal = 0, JitterRap = 0,
        ShimmerLocal = 0, ShimmerLocalDb = 0, HopSeconds = _o.HopSeconds,
    };

    /// <summary>HTK deltas: Σ n (c[t+n] − c[t−n]) / (2 Σ n²), n = 1..2, edges replicated.</summary>
    private static double[][] Deltas(double[][] c, int dim)
    {
        int n = c.Length;
        var d = new double[n][];
        for (int t = 0; t < n; t++)
        {
            d[t] = new double[dim];
            for (int k = 0; k < dim; k++)
            {
                double s = 0;
                for (int j = 1; j <= 2; j++)
                    s += j * (c[Math.Min(n - 1, t + j)][k] - c[Math.Max(0, t - j)][k]);
                d[t][k] = s / 10.0;
            }
        }
        return d;
    }

    /// <summary>The one place that defines names and order: emits (name, value) pairs.</summary>
    private void Emit(FrameDescriptors fd, double durationSeconds, Action<string, double> e)
    {
        int n = fd.Times.Length;
        double hop = fd.HopSeconds;
        bool[] v = fd.Voiced;

        // F0 on a semitone scale (re 27.5 Hz), voiced frames; slopes between consecutive voiced frames.
        var st = new List<double>();
        var stSlopes = new List<double>();
        for (int f = 0; f < n; f++)
        {
            if (!v[f]) continue;
            st.Add(12.0 * Math.Log2(fd.F0Hz[f] / 27.5));
            if (f > 0 && v[f - 1]) stSlopes.Add(12.0 * Math.Log2(fd.F0Hz[f] / fd.F0Hz[f - 1]) / hop);
        }
        Contour(e, "F0semitoneFrom27.5Hz", st, stSlopes);
        var hz = Select(fd.F0Hz, v);
        e("F0Hz_mean", Functionals.Mean(hz));
        e("F0Hz_stddev", Functionals.Std(hz));

        // Loudness, all frames.
        var loudSlopes = new List<double>();
        for (int f = 1; f < n; f++) loudSlopes.Add((fd.Loudness[f] - fd.Loudness[f - 1]) / hop);
        Contour(e, "loudness", [.. fd.Loudness], loudSlopes);

        // Perturbation, over the whole clip (Praat).
        e("jitterLocal", fd.JitterLocal);
        e("jitterRap", fd.JitterRap);
        e("shimmerLocal", fd.ShimmerLocal);
        e("shimmerLocaldB", fd.ShimmerLocalDb);

        // HNR, voiced frames.
        var hnr = Select(fd.HnrDb, fd.HnrDefined);
        var hnrSorted = Functionals.Sorted(hnr);
        e("HNRdB_mean", Functionals.Mean(hnr));
        e("HNRdB_stddev", Functionals.Std(hnr));
        e("HNRdB_percentile20.0", Functionals.Percentile(hnrSorted, 0.2));
        e("HNRdB_percentile50.0", Functionals.Percentile(hnrSorted, 0.5));
        e("HNRdB_percentile80.0", Functionals.Percentile(hnrSorted, 0.8));

        // Formants, voiced frames where found.
        double[][] formants = [fd.F1Hz, fd.F2Hz, fd.F3Hz];
        for (int k = 0; k < 3; k++)
        {
            var fv = new List<double>();
            var bv = new List<double>();
            for (int f = 0; f < n; f++)
                if (v[f] && formants[k][f] > 0) { fv.Add(formants[k][f]); bv.Add(fd.FormantBandwidthHz[k][f]); }
            e($"F{k + 1}frequency_mean", Functionals.Mean(fv));
            e($"F{k + 1}frequency_stddev", Functionals.Std(fv));
            e($"F{k + 1}bandwidth_mean", Functionals.Mean(bv));
        }

        // Spectral shape: voiced mean and standard deviation, unvoiced mean.
        VoicedUnvoiced(e, "slope0-500", fd.SpectralSlope0To500, v);
        VoicedUnvoiced(e, "slope500-1500", fd.SpectralSlope500To1500, v);
        VoicedUnvoiced(e, "alphaRatio", fd.AlphaRatio, v);
        VoicedUnvoiced(e, "hammarbergIndex", fd.HammarbergIndex, v);
        VoicedUnvoiced(e, "spectralFlux", fd.SpectralFlux, v);

        // MFCCs and deltas, all frames.
        for (int k = 0; k < _o.MfccCount; k++)
        {
            var col = new double[n];
            for (int f = 0; f < n; f++) col[f] = fd.Mfcc[f][k];
            e($"mfcc{k + 1}_mean", Functionals.Mean(col));
            e($"mfcc{k + 1}_stddev", Functionals.Std(col));
        }
        for (int k = 0; k < _o.MfccCount; k++)
        {
            var col = new double[n];
            for (int f = 0; f < n; f++) col[f] = fd.MfccDelta[f][k];
            e($"mfccDelta{k + 1}_stddev", Functionals.Std(col));
        }

        // Level and rhythm.
        double meanSquare = 0;
        foreach (double db in fd.EnergyDb) meanSquare += (Math.Pow(10, db / 10) - 1) * 1e-10;
        meanSquare = n > 0 ? meanSquare / n : 0;
        e("equivalentSoundLevel_dB", 10 * Math.Log10(1 + Math.Max(0, meanSquare) / 1e-10));
        var voicedRuns = new List<double>();
        var unvoicedRuns = new List<double>();
        for (int f = 0; f < n;)
        {
            int g = f;
            while (g < n && v[g] == v[f]) g++;
            (v[f] ? voicedRuns : unvoicedRuns).Add((g - f) * hop);
            f = g;
        }
        int voicedCount = v.Count(b => b);
        e("voicedFrameRate", n > 0 ? (double)voicedCount / n : 0);
        e("voicedSegmentsPerSec", durationSeconds > 0 ? voicedRuns.Count / durationSeconds : 0);
        e("MeanVoicedSegmentLengthSec", Functionals.Mean(voicedRuns));
        e("StddevVoicedSegmentLengthSec", Functionals.Std(voicedRuns));
        e("MeanUnvoicedSegmentLengthSec", Functionals.Mean(unvoicedRuns));
        e("StddevUnvoicedSegmentLengthSec", Functionals.Std(unvoicedRuns));
    }

    private static List<double> Select(double[] values, bool[] mask)
    {
        var list = new List<double>();
        for (int i = 0; i < values.Length; i++) if (mask[i]) list.Add(values[i]);
        return list;
    }

    private static void Contour(Action<string, double> e, string prefix, IReadOnlyList<double> values, List<double> slopes)
    {
        var sorted = Functionals.Sorted(values);
        double p20 = Functionals.Percentile(sorted, 0.2), p80 = Functionals.Percentile(sorted, 0.8);
        e($"{prefix}_mean", Functionals.Mean(values));
        e($"{prefix}_stddev", Functionals.Std(values));
        e($"{prefix}_percentile20.0", p20);
        e($"{prefix}_percentile50.0", Functionals.Percentile(sorted, 0.5));
        e($"{prefix}_percentile80.0", p80);
        e($"{prefix}_pctlrange0-2", p80 - p20);
        var rising = slopes.Where(s => s > 0).ToList();
        var falling = slopes.Where(s => s < 0).Select(s => -s).ToList();
        e($"{prefix}_meanRisingSlope", Functionals.Mean(rising));
        e($"{prefix}_stddevRisingSlope", Functionals.Std(rising));
        e($"{prefix}_meanFallingSlope", Functionals.Mean(falling));
        e($"{prefix}_stddevFallingSlope", Functionals.Std(falling));
    }

    private static void VoicedUnvoiced(Action<string, double> e, string prefix, double[] values, bool[] voiced)
    {
        var vs = new List<double>();
        var us = new List<double>();
        for (int i = 0; i < values.Length; i++) (voiced[i] ? vs : us).Add(values[i]);
        e($"{prefix}V_mean", Functionals.Mean(vs));
        e($"{prefix}V_stddev", Functionals.Std(vs));
        e($"{prefix}UV_mean", Functionals.Mean(us));
    }
}

/// <summary>Functionals over a list of values; all return 0 for an empty list (never NaN).</summary>
internal static class Functionals
{
    public static double Mean(IReadOnlyList<double> x)
    {
        if (x.Count == 0) return 0;
        double s = 0;
        for (int i = 0; i < x.Count; i++) s += x[i];
        return s / x.Count;
    }

    /// <summary>Population standard deviation.</summary>
    public static double Std(IReadOnlyList<double> x)
    {
        if (x.Count < 2) return 0;
        double m = Mean(x), s = 0;
        for (int i = 0; i < x.Count; i++) s += (x[i] - m) * (x[i] - m);
        return Math.Sqrt(s / x.Count);
    }

    public static double[] Sorted(IReadOnlyList<double> x)
    {
        var a = x.ToArray();
        Array.Sort(a);
        return a;
    }

    /// <summary>Percentile by linear interpolation between order statistics at p·(n − 1).</summary>
    public static double Percentile(double[] sorted, double p)
    {
        int n = sorted.Length;
        if (n == 0) return 0;
        double pos = p * (n - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(n - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
