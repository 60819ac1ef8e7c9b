namespace Sure.Audio;

/// <summary>
/// A whole recording decoded to mono at its own rate (before the cut and the conversion to 16 kHz).
/// <paramref name="Truncated"/> describes how the file is cut short when its own header says so (the caller reports it
/// as an error: a decoder's output is never silently shorter than the file announces); null when it is whole.
/// </summary>
internal readonly record struct DecodedAudio(float[] Samples, int SampleRate, string? Truncated = null);
