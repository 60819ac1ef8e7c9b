using System.Text;

namespace Sure.Data.Pickle;

/// <summary>Text helpers for the pickle reader: latin-1 round trips and protocol-0 string literals.</summary>
internal static class PickleText
{
    public static readonly Encoding Latin1 = Encoding.Latin1;
    public static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    /// <summary>Bytes of a Python 2 str decoded as latin-1 (every char must be below U+0100).</summary>
    public static byte[] Latin1Bytes(string s, long offset)
    {
        var bytes = new byte[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] > 0xFF) throw new PickleFormatException("a text string holding raw bytes has a character above U+00FF", offset);
            bytes[i] = (byte)s[i];
        }
        return bytes;
    }

    public static string Utf8(ReadOnlySpan<byte> bytes, long offset)
    {
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw new PickleFormatException("invalid UTF-8 in a unicode string", offset); }
    }

    /// <summary>Decodes the argument of protocol 0's STRING opcode: a Python repr such as 'it\'s' or "a\x00b".</summary>
    public static byte[] DecodeQuotedString(ReadOnlySpan<byte> line, long offset)
    {
        if (line.Length < 2 || line[0] != line[^1] || (line[0] != '\'' && line[0] != '"'))
            throw new PickleFormatException("STRING argument is not a quoted string", offset);
        var body = line[1..^1];
        var result = new List<byte>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\') { result.Add(c); continue; }
            if (++i >= body.Length) throw new PickleFormatException("STRING argument ends with a backslash", offset);
            var e = body[i];
            switch ((char)e)
            {
                case '\\': result.Add((byte)'\\'); break;
                case '\'': result.Add((byte)'\''); break;
                case '"': result.Add((byte)'"'); break;
                case 'n': result.Add((byte)'\n'); break;
                case 'r': result.Add((byte)'\r'); break;
                case 't': result.Add((byte)'\t'); break;
                case 'a': result.Add(7); break;
                case 'b': result.Add(8); break;
                case 'f': result.Add(12); break;
                case 'v': result.Add(11); break;
                case '\n': break;
                case 'x':
                    if (i + 2 >= body.Length) throw new PickleFormatException("truncated \\x escape in STRING", offset);
                    result.Add((byte)(Hex(body[i + 1], offset) * 16 + Hex(body[i + 2], offset)));
                    i += 2;
                    break;
                case >= '0' and <= '7':
                {
                    var v = 0;
                    var n = 0;
                    while (n < 3 && i < body.Length && body[i] >= '0' && body[i] <= '7')
                    {
                        v = v * 8 + (body[i] - '0');
                        i++;
                        n++;
                    }
                    i--;
                    result.Add((byte)(v & 0xFF));
                    break;
                }
                default:
                    result.Add((byte)'\\');
                    result.Add(e);
                    break;
            }
        }
        return result.ToArray();
    }

    /// <summary>Decodes protocol 0's UNICODE argument (raw-unicode-escape: \uXXXX, \UXXXXXXXX, other bytes latin-1).</summary>
    public static string DecodeRawUnicodeEscape(ReadOnlySpan<byte> line, long offset)
    {
        var sb = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && (line[i + 1] == 'u' || line[i + 1] == 'U'))
            {
                var digits = line[i + 1] == 'u' ? 4 : 8;
                if (i + 1 + digits >= line.Length) throw new PickleFormatException("truncated \\u escape in UNICODE", offset);
                var cp = 0;
                for (var k = 0; k < digits; k++) cp = cp * 16 + Hex(line[i + 2 + k], offset);
                if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF && digits == 8))
                    throw new PickleFormatException("invalid code point in UNICODE", offset);
                if (cp >= 0xD800 && cp <= 0xDFFF) sb.Append((char)cp);
                else sb.Append(char.ConvertFromUtf32(cp));
                i += 1 + digits;
            }
            else sb.Append((char)c);
        }
        return sb.ToString();
    }

    private static int Hex(byte b, long offset) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => throw new PickleFormatException("invalid hex digit in an escape", offset),
    };
}
