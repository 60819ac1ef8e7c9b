namespace Sure.Audio.LogMel;

/// <summary>One clip's (normalised) log-mel spectrogram, row-major [Frames × mels].</summary>
internal sealed record LogMelSpec(float[] Data, int Frames);
