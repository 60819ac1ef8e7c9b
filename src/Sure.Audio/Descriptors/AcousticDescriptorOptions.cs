namespace Sure.Audio.Descriptors;

/// <summary>
/// Settings of <see cref="AcousticDescriptors"/>. The defaults are those of <see cref="AcousticDescriptors.Version"/>
/// ("sure-acoustic-1") and mirror Praat's defaults where a Praat command exists (docs/audio-descriptors.md); a vector
/// computed with other settings is not a "sure-acoustic-1" vector.
/// </summary>
public sealed record AcousticDescriptorOptions
{
    /// <summary>Sample rate the clips must have (Hz).</summary>
    public int SampleRate { get; init; } = AudioClip.StandardRate;

    /// <summary>Lowest F0 searched (Hz); also sets the pitch window (3 periods) and the HNR window (4.5 periods, Gaussian).</summary>
    public double F0MinHz { get; init; } = 75.0;

    /// <summary>Highest F0 searched (Hz).</summary>
    public double F0MaxHz { get; init; } = 600.0;

    /// <summary>Hop between analysis frames (s): every track has one value per hop.</summary>
    public double HopSeconds { get; init; } = 0.010;

    /// <summary>Window of the spectral analysis (MFCC, loudness, slopes, alpha ratio, Hammarberg, flux), Hamming (s).</summary>
    public double FrameSeconds { get; init; } = 0.025;

    /// <summary>Praat's silence threshold for the pitch path (share of the global peak).</summary>
    public double SilenceThreshold { get; init; } = 0.03;

    /// <summary>Praat's voicing threshold for the pitch path (normalized autocorrelation).</summary>
    public double VoicingThreshold { get; init; } = 0.45;

    /// <summary>Praat's octave cost (per octave below the ceiling).</summary>
    public double OctaveCost { get; init; } = 0.01;

    /// <summary>Praat's octave-jump cost.</summary>
    public double OctaveJumpCost { get; init; } = 0.35;

    /// <summary>Praat's voiced/unvoiced transition cost.</summary>
    public double VoicedUnvoicedCost { get; init; } = 0.14;

    /// <summary>Highest formant searched (Hz): the signal is resampled to twice this for LPC (Praat "To Formant (burg)").</summary>
    public double MaxFormantHz { get; init; } = 5500.0;

    /// <summary>Number of formants the LPC models (the LPC order is twice this).</summary>
    public int FormantCount { get; init; } = 5;

    /// <summary>Effective formant window (s); the Gaussian window is twice as long, as in Praat.</summary>
    public double FormantWindowSeconds { get; init; } = 0.025;

    /// <summary>Pre-emphasis corner frequency before LPC (Hz).</summary>
    public double PreEmphasisHz { get; init; } = 50.0;

    /// <summary>
    /// Roots with a bandwidth above this (Hz) are not formant candidates. <see cref="double.PositiveInfinity"/> keeps every
    /// root above 50 Hz, as Praat does.
    /// </summary>
    public double FormantMaxBandwidthHz { get; init; } = double.PositiveInfinity;

    /// <summary>Number of mel filters for the MFCCs and the loudness.</summary>
    public int MelFilterCount { get; init; } = 26;

    /// <summary>Number of MFCCs (c1 .. cN; c0 is not used).</summary>
    public int MfccCount { get; init; } = 13;
}
