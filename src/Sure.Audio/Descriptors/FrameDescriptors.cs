namespace Sure.Audio.Descriptors;

/// <summary>
/// Frame-level tracks of one clip (one value per hop, all arrays the length of <see cref="Times"/>), plus the glottal
/// pulses and the clip-level perturbation measures they give. Values that a frame does not have (F0, HNR, formants of
/// an unvoiced frame) are 0. Definitions in docs/audio-descriptors.md.
/// </summary>
public sealed class FrameDescriptors
{
    /// <summary>Frame centres (s from the start of the clip).</summary>
    public required double[] Times { get; init; }

    /// <summary>Whether the pitch path found the frame voiced.</summary>
    public required bool[] Voiced { get; init; }

    /// <summary>F0 (Hz); 0 when unvoiced.</summary>
    public required double[] F0Hz { get; init; }

    /// <summary>Auditory loudness (sum over mel bands of equal-loudness-weighted band power to the 0.3).</summary>
    public required double[] Loudness { get; init; }

    /// <summary>Frame level: 10·log10(1 + mean square / 1e-10), dB above −100 dBFS.</summary>
    public required double[] EnergyDb { get; init; }

    /// <summary>Harmonics-to-noise ratio (dB) where <see cref="HnrDefined"/>; 0 elsewhere.</summary>
    public required double[] HnrDb { get; init; }

    /// <summary>Frames with an HNR: voiced, and periodic and loud enough for Praat's harmonicity (docs/audio-descriptors.md).</summary>
    public required bool[] HnrDefined { get; init; }

    /// <summary>F1 (Hz), voiced frames; 0 when unvoiced or not found.</summary>
    public required double[] F1Hz { get; init; }

    /// <summary>F2 (Hz), voiced frames.</summary>
    public required double[] F2Hz { get; init; }

    /// <summary>F3 (Hz), voiced frames.</summary>
    public required double[] F3Hz { get; init; }

    /// <summary>Bandwidths of F1, F2, F3 (Hz): [formant][frame].</summary>
    public required double[][] FormantBandwidthHz { get; init; }

    /// <summary>Spectral slope 0–500 Hz (dB/kHz, regression of the dB power spectrum on frequency).</summary>
    public required double[] SpectralSlope0To500 { get; init; }

    /// <summary>Spectral slope 500–1500 Hz (dB/kHz).</summary>
    public required double[] SpectralSlope500To1500 { get; init; }

    /// <summary>Alpha ratio: 10·log10(energy 1–5 kHz / energy 50 Hz–1 kHz) (dB).</summary>
    public required double[] AlphaRatio { get; init; }

    /// <summary>Hammarberg index: 10·log10(peak power 0–2 kHz / peak power 2–5 kHz) (dB).</summary>
    public required double[] HammarbergIndex { get; init; }

    /// <summary>Spectral flux: squared distance between consecutive L2-normalized magnitude spectra (0 for the first frame).</summary>
    public required double[] SpectralFlux { get; init; }

    /// <summary>MFCC c1..cN: [frame][coefficient].</summary>
    public required double[][] Mfcc { get; init; }

    /// <summary>MFCC deltas (regression over ±2 frames): [frame][coefficient].</summary>
    public required double[][] MfccDelta { get; init; }

    /// <summary>Glottal pulse times (s).</summary>
    public required double[] Pulses { get; init; }

    /// <summary>Jitter (local): mean absolute difference of consecutive periods / mean period (Praat); 0 if undefined.</summary>
    public required double JitterLocal { get; init; }

    /// <summary>Jitter (rap): mean absolute difference of a period and the mean of it and its neighbours / mean period.</summary>
    public required double JitterRap { get; init; }

    /// <summary>Shimmer (local): mean absolute difference of consecutive pulse amplitudes / mean amplitude (Praat).</summary>
    public required double ShimmerLocal { get; init; }

    /// <summary>Shimmer (local, dB): mean absolute 20·log10 ratio of consecutive pulse amplitudes.</summary>
    public required double ShimmerLocalDb { get; init; }

    /// <summary>The hop between frames (s).</summary>
    public required double HopSeconds { get; init; }
}
