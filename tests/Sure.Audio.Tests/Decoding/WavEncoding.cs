namespace Sure.Audio.Tests.Decoding;

/// <summary>How <see cref="WavWriter"/> encodes samples: integer PCM or IEEE float.</summary>
public enum WavEncoding
{
    /// <summary>Integer PCM (8-bit unsigned, 16/24/32-bit signed).</summary>
    Pcm,
    /// <summary>IEEE float, 32 or 64-bit.</summary>
    Float,
}
