using System.Buffers.Binary;

namespace Sure.Audio.Tests.Decoding;

/// <summary>
/// Writes WAV files byte by byte (no NAudio), so the decoder is tested against headers written independently of it:
/// PCM 8/16/24/32-bit, float 32/64-bit, plain or WAVE_FORMAT_EXTENSIBLE, any channel count; optionally an extra chunk
/// before the data, or a data size that claims more than is written.
/// </summary>
public static class WavWriter
{
    /// <summary>
    /// The WAV bytes for <paramref name="channels"/> (each an array of samples in [-1, 1] of the same length).
    /// <paramref name="claimedExtraBytes"/> is added to the data chunk's declared size (a truncated file).
    /// </summary>
    public static byte[] Build(double[][] channels, int rate, int bits, WavEncoding encoding, bool extensible = false,
                               bool listChunk = false, long claimedExtraBytes = 0)
    {
        var n = channels[0].Length;
        var ch = channels.Length;
        var bytesPerSample = (bits + 7) / 8;
        var block = bytesPerSample * ch;
        var data = new byte[(long)n * block];
        var at = 0;
        for (var i = 0; i < n; i++)
            for (var c = 0; c < ch; c++, at += bytesPerSample)
                Encode(channels[c][i], data.AsSpan(at, bytesPerSample), bits, encoding);

        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        var fmtSize = extensible ? 40 : encoding == WavEncoding.Float ? 18 : 16;
        var list = listChunk ? new byte[] { (byte)'I', (byte)'N', (byte)'F', (byte)'O', (byte)'I', (byte)'S', (byte)'F', (byte)'T', 6, 0, 0, 0, (byte)'s', (byte)'u', (byte)'r', (byte)'e', 0, 0 } : [];
        w.Write("RIFF"u8);
        w.Write((uint)(4 + 8 + fmtSize + (listChunk ? 8 + list.Length : 0) + 8 + data.Length + claimedExtraBytes));
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(fmtSize);
        ushort tag = extensible ? (ushort)0xFFFE : encoding == WavEncoding.Float ? (ushort)3 : (ushort)1;
        w.Write(tag);
        w.Write((ushort)ch);
        w.Write(rate);
        w.Write(rate * block);
        w.Write((ushort)block);
        w.Write((ushort)(bytesPerSample * 8));
        if (extensible)
        {
            w.Write((ushort)22);
            w.Write((ushort)bits);                              // valid bits
            w.Write(ch == 1 ? 4u : ch == 2 ? 3u : 0u);          // channel mask
            var sub = new Guid(encoding == WavEncoding.Float ? "00000003-0000-0010-8000-00aa00389b71" : "00000001-0000-0010-8000-00aa00389b71");
            w.Write(sub.ToByteArray());
        }
        else if (fmtSize == 18) w.Write((ushort)0);
        if (listChunk)
        {
            w.Write("LIST"u8);
            w.Write(list.Length);
            w.Write(list);
        }
        w.Write("data"u8);
        w.Write((uint)(data.Length + claimedExtraBytes));
        w.Write(data);
        w.Flush();
        return ms.ToArray();
    }

    /// <summary>Writes <see cref="Build"/>'s bytes to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, double[][] channels, int rate, int bits = 16, WavEncoding encoding = WavEncoding.Pcm,
                               bool extensible = false)
    {
        File.WriteAllBytes(path, Build(channels, rate, bits, encoding, extensible));
        return path;
    }

    /// <summary>A WAV with a custom format tag and bits (unsupported encodings): header only plus some zero data.</summary>
    public static byte[] WithFormatTag(ushort tag, int bits, int rate = 16000, int dataBytes = 3200)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        var block = (bits + 7) / 8;
        w.Write("RIFF"u8);
        w.Write(4 + 8 + 16 + 8 + dataBytes);
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(16);
        w.Write(tag);
        w.Write((ushort)1);
        w.Write(rate);
        w.Write(rate * block);
        w.Write((ushort)block);
        w.Write((ushort)bits);
        w.Write("data"u8);
        w.Write(dataBytes);
        w.Write(new byte[dataBytes]);
        w.Flush();
        return ms.ToArray();
    }

    private static void Encode(double v, Span<byte> s, int bits, WavEncoding encoding)
    {
        if (encoding == WavEncoding.Float)
        {
            if (bits == 32) BinaryPrimitives.WriteSingleLittleEndian(s, (float)v);
            else BinaryPrimitives.WriteDoubleLittleEndian(s, v);
            return;
        }
        switch (bits)
        {
            case 8: s[0] = (byte)Math.Clamp(Math.Round(v * 128) + 128, 0, 255); break;
            case 16: BinaryPrimitives.WriteInt16LittleEndian(s, (short)Math.Clamp(Math.Round(v * 32768), short.MinValue, short.MaxValue)); break;
            case 24:
            {
                var q = (int)Math.Clamp(Math.Round(v * 8388608), -8388608, 8388607);
                s[0] = (byte)q; s[1] = (byte)(q >> 8); s[2] = (byte)(q >> 16);
                break;
            }
            default: BinaryPrimitives.WriteInt32LittleEndian(s, (int)Math.Clamp(Math.Round(v * 2147483648.0), int.MinValue, int.MaxValue)); break;
        }
    }
}
