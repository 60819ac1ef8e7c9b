namespace Sure.Audio;

/// <summary>A whole recording decoded to mono at its own rate (before the cut and the conversion to 16 kHz).</summary>
internal readonly record struct DecodedAudio(float[] Samples, int SampleRate);
