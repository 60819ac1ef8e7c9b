using NLayer;

namespace Sure.Audio;

/// <summary>
/// MP3 (MPEG-1/2 layer III) decoded in process by NLayer, mixed to mono, and trimmed of the encoder delay and padding
/// when the file's LAME tag records them (<see cref="Mp3InfoFrame"/>), so that sample 0 is the original's first sample.
/// A file that decodes to fewer frames than its Xing/Info frame announces is reported as truncated.
/// </summary>
internal static class Mp3Decoder
{
    /// <summary>The whole of <paramref name="stream"/> decoded; a one-line data error when it cannot be.</summary>
    public static DecodedAudio Decode(Stream stream, AudioOrigin origin)
    {
        try
        {
            var info = Mp3InfoFrame.Read(stream);
            using var mpeg = new MpegFile(stream);
            var channels = mpeg.Channels;
            var rate = mpeg.SampleRate;
            if (channels < 1 || rate < 1) throw origin.Error($"unreadable MP3: {channels} channel(s) at {rate} Hz.");
            var mono = new MonoBuffer();
            var buffer = new float[4608 * channels];
            int n;
            while ((n = mpeg.ReadSamples(buffer, 0, buffer.Length)) > 0) mono.AddInterleaved(buffer.AsSpan(0, n), channels);
            var samples = mono.ToArray();
            string? truncated = null;
            if (info is { AnnouncedSamples: { } announced } i && samples.Length < announced - i.SamplesPerFrame)
                truncated = $"truncated MP3: its Info frame announces {i.Frames} frames ({announced / (double)rate:0.###} s), " +
                            $"{samples.Length / i.SamplesPerFrame} decode ({samples.Length / (double)rate:0.###} s).";
            if (info is { } g && g.TrimStart + g.TrimEnd < samples.Length)
                samples = samples.AsSpan(g.TrimStart, samples.Length - g.TrimStart - g.TrimEnd).ToArray();
            return new DecodedAudio(samples, rate, truncated);
        }
        catch (Exception e) when (e is not Sure.Errors.SureUserException and not OutOfMemoryException)
        {
            throw origin.Error($"unreadable MP3: {e.Message}", e);
        }
    }
}
