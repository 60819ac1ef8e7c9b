using System.Buffers;
using System.Buffers.Binary;
using NAudio.Wave;

namespace Sure.Audio;

/// <summary>
/// A WAV file opened with NAudio's <see cref="WaveFileReader"/> (RIFF/RF64; PCM 8/16/24/32-bit, IEEE float 32/64-bit,
/// WAVE_FORMAT_EXTENSIBLE holding either), read as mono by averaging the channels. Opening checks the format and that
/// the data chunk the header announces is all in the file (NAudio would read a truncated file short, silently).
/// </summary>
internal sealed class WavReader : IDisposable
{
    private static readonly Guid PcmSubtype = new("00000001-0000-0010-8000-00aa00389b71");
    private static readonly Guid FloatSubtype = new("00000003-0000-0010-8000-00aa00389b71");

    // Data chunks this long are "to the end of the file" (writers that could not seek back to fill the size in).
    private const long UnknownLength = uint.MaxValue;
    private const int ChunkFrames = 16384;

    private readonly WaveFileReader _reader;
    private readonly AudioOrigin _origin;
    private readonly bool _float;
    private readonly int _bytesPerSample;

    /// <summary>Channels in the file (mixed to one on reading).</summary>
    public int Channels { get; }

    /// <summary>Frames per second.</summary>
    public int SampleRate { get; }

    /// <summary>Frames (samples per channel) in the data chunk.</summary>
    public long Frames { get; }

    private WavReader(WaveFileReader reader, AudioOrigin origin, bool isFloat, int bytesPerSample, long frames)
    {
        _reader = reader;
        _origin = origin;
        _float = isFloat;
        _bytesPerSample = bytesPerSample;
        Channels = reader.WaveFormat.Channels;
        SampleRate = reader.WaveFormat.SampleRate;
        Frames = frames;
    }

    /// <summary>
    /// Reads the header of the WAV <paramref name="stream"/> (seekable, positioned at the start). Throws a one-line
    /// <see cref="Sure.Errors.SureDataException"/> for an unreadable header, an unsupported encoding, or a truncated data
    /// chunk. <paramref name="unsupported"/> is set, and null returned, for a well-formed file whose encoding (A-law,
    /// µ-law, ADPCM, …) is not read here: ffmpeg may read it.
    /// </summary>
    public static WavReader? Open(Stream stream, AudioOrigin origin, out string? unsupported)
    {
        unsupported = null;
        WaveFileReader reader;
        try { reader = new WaveFileReader(stream); }
        catch (Exception e) when (e is FormatException or InvalidDataException or EndOfStreamException or ArgumentException
                                      or IOException or NotSupportedException or OverflowException)
        {
            throw origin.Error($"unreadable WAV header: {e.Message}", e);
        }

        var handedOver = false;
        try
        {
            var f = reader.WaveFormat;
            var bits = f.BitsPerSample;
            bool isFloat;
            switch (f.Encoding)
            {
                case WaveFormatEncoding.Pcm: isFloat = false; break;
                case WaveFormatEncoding.IeeeFloat: isFloat = true; break;
                case WaveFormatEncoding.Extensible when SubFormat(f) == PcmSubtype: isFloat = false; break;
                case WaveFormatEncoding.Extensible when SubFormat(f) == FloatSubtype: isFloat = true; break;
                default:
                    unsupported = f.Encoding == WaveFormatEncoding.Extensible
                        ? $"WAV with WAVE_FORMAT_EXTENSIBLE subformat {SubFormat(f)?.ToString() ?? "(none)"}"
                        : $"WAV with {f.Encoding} encoding";
                    return null;
            }
            var valid = isFloat ? bits is 32 or 64 : bits is 8 or 16 or 24 or 32;
            if (!valid)
                throw origin.Error($"unsupported WAV: {bits}-bit {(isFloat ? "float" : "PCM")} (read: 8/16/24/32-bit PCM, 32/64-bit float).");
            if (f.Channels < 1) throw origin.Error("unreadable WAV header: it declares no channels.");
            if (f.SampleRate < 1) throw origin.Error($"unreadable WAV header: sample rate {f.SampleRate} Hz.");
            var bytesPerSample = bits / 8;
            if (f.BlockAlign != bytesPerSample * f.Channels)
                throw origin.Error($"unreadable WAV header: block align {f.BlockAlign} for {f.Channels} channel(s) of {bits} bits.");

            // Where the data chunk starts: NAudio positions the stream there for Position 0. NAudio clips the data
            // chunk's length to what the file holds, so the size the header announces is read back from the chunk header.
            reader.Position = 0;
            var dataStart = stream.Position;
            var available = stream.Length - dataStart;
            var announced = AnnouncedLength(stream, dataStart) ?? reader.Length;
            stream.Position = dataStart;
            long bytes;
            if (announced == UnknownLength) bytes = Math.Min(available, reader.Length);
            else if (announced > available)
            {
                var rate = (double)f.SampleRate * f.BlockAlign;
                throw origin.Error($"truncated WAV: the header announces {announced} bytes of audio ({announced / rate:0.###} s), " +
                                   $"the file holds {Math.Max(0, available)} ({Math.Max(0, available) / rate:0.###} s).");
            }
            else bytes = announced;
            var result = new WavReader(reader, origin, isFloat, bytesPerSample, bytes / f.BlockAlign);
            handedOver = true;
            return result;
        }
        finally
        {
            if (!handedOver) reader.Dispose();
        }
    }

    /// <summary>
    /// <paramref name="count"/> frames from <paramref name="first"/>, each the mean of its channels. Throws a one-line
    /// <see cref="Sure.Errors.SureDataException"/> when a float sample is NaN or infinite, or the file ends early.
    /// </summary>
    public float[] ReadMono(long first, int count)
    {
        var output = new float[count];
        var block = _reader.WaveFormat.BlockAlign;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(count, ChunkFrames) * block);
        try
        {
            _reader.Position = first * block;
            var done = 0;
            while (done < count)
            {
                var frames = Math.Min(count - done, ChunkFrames);
                var want = frames * block;
                var got = 0;
                while (got < want)
                {
                    var n = _reader.Read(buffer, got, want - got);
                    if (n <= 0) break;
                    got += n;
                }
                if (got < want)
                    throw _origin.Error($"truncated WAV: the data ends at frame {first + done + got / block} of {Frames}.");
                Convert(buffer.AsSpan(0, want), output.AsSpan(done, frames), first + done);
                done += frames;
            }
        }
        catch (IOException e)
        {
            throw _origin.Error($"unreadable WAV data: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return output;
    }

    // The size field of the "data" chunk header just before dataStart, or null when that is not where it is.
    private static long? AnnouncedLength(Stream stream, long dataStart)
    {
        if (dataStart < 8) return null;
        Span<byte> header = stackalloc byte[8];
        stream.Position = dataStart - 8;
        if (stream.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8) return null;
        if (!header[..4].SequenceEqual("data"u8)) return null;
        return BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
    }

    // WAVE_FORMAT_EXTENSIBLE's subformat GUID. NAudio's reader keeps the fmt chunk's extension as raw bytes
    // (WaveFormatExtraData: valid bits 2, channel mask 4, GUID 16), not always as a WaveFormatExtensible.
    private static Guid? SubFormat(WaveFormat f) => f switch
    {
        WaveFormatExtensible x => x.SubFormat,
        WaveFormatExtraData { ExtraData.Length: >= 22 } d => new Guid(d.ExtraData.AsSpan(6, 16)),
        _ => null,
    };

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    private void Convert(ReadOnlySpan<byte> data, Span<float> output, long firstFrame)
    {
        var channels = Channels;
        var size = _bytesPerSample;
        var scale = 1f / channels;
        var at = 0;
        for (var frame = 0; frame < output.Length; frame++)
        {
            var sum = 0.0;
            for (var c = 0; c < channels; c++, at += size)
            {
                var s = data.Slice(at, size);
                double v;
                if (_float)
                {
                    v = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s);
                    if (!double.IsFinite(v)) throw NotFinite(v, firstFrame + frame, c);
                }
                else
                {
                    v = size switch
                    {
                        1 => (s[0] - 128) / 128.0,
                        2 => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768.0,
                        3 => ((s[0] << 8 | s[1] << 16 | s[2] << 24) >> 8) / 8388608.0,
                        _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0,
                    };
                }
                sum += v;
            }
            output[frame] = channels == 1 ? (float)sum : (float)(sum * scale);
        }
    }

    private Sure.Errors.SureDataException NotFinite(double value, long frame, int channel) =>
        _origin.Error($"float WAV sample {(double.IsNaN(value) ? "NaN" : value > 0 ? "+Infinity" : "-Infinity")} at " +
                      $"{frame / (double)SampleRate:0.######} s (frame {frame}{(Channels > 1 ? $", channel {channel + 1}" : "")}): " +
                      "samples must be finite.");
}
