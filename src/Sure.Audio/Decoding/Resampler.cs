namespace Sure.Audio;

/// <summary>
/// Band-limited sample-rate conversion: a polyphase Kaiser-windowed sinc filter for the reduced ratio
/// <c>toRate/fromRate</c>, cut off at half the lower rate (docs/audio-decoding.md gives its measured passband error
/// and stopband attenuation).
/// </summary>
public static class Resampler
{
    /// <summary>
    /// <paramref name="samples"/> (mono, at <paramref name="fromRate"/> Hz) at <paramref name="toRate"/> Hz. The result has
    /// <c>round(n·toRate/fromRate)</c> samples, output sample m being the signal at time m/toRate (the first samples of
    /// both coincide); outside the input the signal is taken as zero. The same rate gives a copy.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not positive.</exception>
    public static float[] Resample(float[] samples, int fromRate, int toRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        if (fromRate == toRate) return (float[])samples.Clone();
        var count = OutputLength(samples.Length, fromRate, toRate);
        var output = new float[count];
        new PolyphaseFilter(fromRate, toRate).Apply(samples, 0, 0, output);
        return output;
    }

    /// <summary>How many samples <see cref="Resample"/> returns for <paramref name="length"/> inputs: round(n·to/from).</summary>
    internal static int OutputLength(long length, int fromRate, int toRate)
    {
        var n = (length * (long)toRate * 2 + fromRate) / (2L * fromRate);
        return checked((int)n);
    }
}
