namespace Sure.Audio;

/// <summary>Decoded audio: mono samples in [-1, 1] at <paramref name="SampleRate"/> Hz.</summary>
public sealed record AudioClip(float[] Samples, int SampleRate)
{
    /// <summary>The sample rate every front end reads: 16 kHz.</summary>
    public const int StandardRate = 16000;
    public double Duration => SampleRate == 0 ? 0 : (double)Samples.Length / SampleRate;
}
