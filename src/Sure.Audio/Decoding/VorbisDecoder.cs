using NVorbis;

namespace Sure.Audio;

/// <summary>Ogg Vorbis decoded in process by NVorbis (first logical stream), mixed to mono.</summary>
internal static class VorbisDecoder
{
    /// <summary>The whole of <paramref name="stream"/> decoded; a one-line data error when it cannot be.</summary>
    public static DecodedAudio Decode(Stream stream, AudioOrigin origin)
    {
        try
        {
            using var vorbis = new VorbisReader(stream, closeOnDispose: false);
            var channels = vorbis.Channels;
            var rate = vorbis.SampleRate;
            if (channels < 1 || rate < 1) throw origin.Error($"unreadable Ogg Vorbis: {channels} channel(s) at {rate} Hz.");
            var mono = new MonoBuffer();
            var buffer = new float[4096 * channels];
            int n;
            while ((n = vorbis.ReadSamples(buffer, 0, buffer.Length)) > 0) mono.AddInterleaved(buffer.AsSpan(0, n), channels);
            return new DecodedAudio(mono.ToArray(), rate);
        }
        catch (Exception e) when (e is not Sure.Errors.SureUserException and not OutOfMemoryException)
        {
            throw origin.Error($"unreadable Ogg Vorbis: {e.Message}", e);
        }
    }
}
