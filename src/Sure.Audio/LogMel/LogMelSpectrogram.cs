namespace Sure.Audio.LogMel;

/// <summary>
/// The log-mel spectrogram every <see cref="LogMelCnn"/> reads: 16 kHz samples; clips longer than
/// <see cref="LogMelOptions.MaxSeconds"/> cut to their middle part; frames of <see cref="LogMelOptions.FrameMs"/>
/// (periodic Hann window, no centring: frame t covers samples [t·hop, t·hop + window), the last frame zero-padded; a clip
/// shorter than one window gives one frame) every <see cref="LogMelOptions.HopMs"/>; a <see cref="LogMelOptions.FftSize"/>-point
/// FFT of the windowed frame (zero-padded); the power |X(k)|² (not scaled by the FFT length); <see cref="LogMelOptions.Mels"/>
/// triangular filters on the HTK mel scale (mel = 2595·log10(1 + f/700)) from 0 Hz to 8 kHz, peak 1, not area-normalised
/// (librosa's <c>htk=True, norm=None</c>), weighted at each FFT bin's frequency; then ln(mel power + 1e-6).
/// </summary>
public static class LogMelSpectrogram
{
    /// <summary>The constant added to the mel power before the logarithm.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>[frames, mels] log-mel spectrogram of a 16 kHz clip (throws <see cref="ArgumentException"/> for another rate).</summary>
    public static float[,] Compute(AudioClip clip16k, LogMelOptions o)
    {
        ArgumentNullException.ThrowIfNull(clip16k);
        var analyzer = new LogMelAnalyzer(o.Validate());
        var flat = analyzer.Compute(clip16k, out int frames);
        var result = new float[frames, o.Mels];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }

    /// <summary>The number of frames <see cref="Compute"/> gives for a clip of <paramref name="samples"/> samples (after the cut to <see cref="LogMelOptions.MaxSeconds"/>).</summary>
    public static int FrameCount(int samples, LogMelOptions o)
    {
        int n = Math.Min(samples, MaxSamples(o));
        int win = o.WindowSamples, hop = o.HopSamples;
        return n <= win ? 1 : 1 + (n - win + hop - 1) / hop;
    }

    /// <summary>The longest clip kept whole, in samples.</summary>
    public static int MaxSamples(LogMelOptions o) => (int)Math.Round(o.MaxSeconds * AudioClip.StandardRate);
}
