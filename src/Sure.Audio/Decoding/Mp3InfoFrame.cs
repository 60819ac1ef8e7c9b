using System.Buffers.Binary;

namespace Sure.Audio;

/// <summary>
/// What an MP3's Xing/Info frame (the silent first frame LAME and ffmpeg write) records: the number of audio frames,
/// and in its LAME tag the encoder delay and padding. The frame count tells a truncated file (fewer frames decoded than
/// announced); the delay and padding let the decoded samples be trimmed to the original signal as ffmpeg and other
/// gapless decoders do: drop delay + 529 samples (the layer III decoder's own delay) at the start and padding − 529 at
/// the end.
/// </summary>
internal readonly record struct Mp3InfoFrame(long? Frames, int SamplesPerFrame, int? Delay, int? Padding)
{
    /// <summary>The layer III synthesis filter bank's delay, in samples.</summary>
    public const int DecoderDelay = 529;

    /// <summary>Samples to drop at the start of NLayer's output (0 without a LAME tag).</summary>
    public int TrimStart => Delay is { } d ? d + DecoderDelay : 0;

    /// <summary>Samples to drop at the end of NLayer's output (0 without a LAME tag).</summary>
    public int TrimEnd => Padding is { } p ? Math.Max(0, p - DecoderDelay) : 0;

    /// <summary>Samples per channel the announced frames decode to, when the frame count is recorded.</summary>
    public long? AnnouncedSamples => Frames * SamplesPerFrame;

    /// <summary>
    /// The Xing/Info frame of the seekable MP3 <paramref name="stream"/>, or null when its first frame is not one (a file
    /// from another encoder: nothing is checked or trimmed). The stream's position is restored.
    /// </summary>
    public static Mp3InfoFrame? Read(Stream stream)
    {
        var origin = stream.Position;
        try
        {
            Span<byte> id3 = stackalloc byte[10];
            long at = 0;
            stream.Position = 0;
            if (stream.ReadAtLeast(id3, 10, throwOnEndOfStream: false) == 10 && id3[..3].SequenceEqual("ID3"u8))
            {
                var size = (id3[6] & 0x7F) << 21 | (id3[7] & 0x7F) << 14 | (id3[8] & 0x7F) << 7 | (id3[9] & 0x7F);
                at = 10 + size + ((id3[5] & 0x10) != 0 ? 10 : 0);
            }
            stream.Position = at;
            var frame = new byte[512];
            var got = stream.ReadAtLeast(frame, frame.Length, throwOnEndOfStream: false);
            return Parse(frame.AsSpan(0, got));
        }
        finally
        {
            stream.Position = origin;
        }
    }

    // frame: the bytes from the first frame header on.
    private static Mp3InfoFrame? Parse(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 4 || frame[0] != 0xFF || (frame[1] & 0xE0) != 0xE0 || ((frame[1] >> 1) & 3) != 1) return null;
        var mpeg1 = ((frame[1] >> 3) & 3) == 3;
        var mono = ((frame[3] >> 6) & 3) == 3;
        var crc = (frame[1] & 1) == 0;
        var xing = 4 + (crc ? 2 : 0) + (mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17));
        if (frame.Length < xing + 8) return null;
        var tag = frame.Slice(xing, 4);
        if (!tag.SequenceEqual("Xing"u8) && !tag.SequenceEqual("Info"u8)) return null;
        var flags = BinaryPrimitives.ReadUInt32BigEndian(frame.Slice(xing + 4, 4));
        var at = xing + 8;
        long? frames = null;
        if ((flags & 1) != 0)
        {
            if (frame.Length < at + 4) return null;
            frames = BinaryPrimitives.ReadUInt32BigEndian(frame.Slice(at, 4));
            at += 4;
        }
        var samplesPerFrame = mpeg1 ? 1152 : 576;
        var lame = at + ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
        if (frame.Length < lame + 24) return new Mp3InfoFrame(frames, samplesPerFrame, null, null);
        var encoder = frame.Slice(lame, 4);
        if (!encoder.SequenceEqual("LAME"u8) && !encoder.SequenceEqual("Lavc"u8) && !encoder.SequenceEqual("Lavf"u8))
            return new Mp3InfoFrame(frames, samplesPerFrame, null, null);
        var delay = frame[lame + 21] << 4 | frame[lame + 22] >> 4;
        var padding = (frame[lame + 22] & 0x0F) << 8 | frame[lame + 23];
        return new Mp3InfoFrame(frames, samplesPerFrame, delay, padding);
    }
}
