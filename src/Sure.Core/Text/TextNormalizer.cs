using System.Text;

namespace Sure.Text;

/// <summary>
/// Repairs the encoding quirks of MERC transcripts before tokenisation and maps typographic punctuation to ASCII:
/// <list type="number">
/// <item>mojibake (UTF-8 bytes that were decoded as cp1252, e.g. "â€™" for ’) is decoded back;</item>
/// <item>C1 control characters U+0080–U+009F (cp1252 bytes decoded as Latin-1, e.g. '\x92' in the MELD pickle) become the cp1252 character they stand for;</item>
/// <item>curly quotes and apostrophes become ASCII ' and ", the ellipsis "…" becomes "...", en dash "-", em dash "--", no-break and other spaces a plain space.</item>
/// </list>
/// Letter case is not changed here.
/// </summary>
public static class TextNormalizer
{
    // cp1252 bytes 0x80..0x9F → Unicode; '\0' where cp1252 leaves the byte undefined.
    private static readonly char[] Cp1252High =
    [
        '\u20AC', '\0', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\0', '\u017D', '\0',
        '\0', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\0', '\u017E', '\u0178',
    ];

    private static readonly Dictionary<char, byte> Cp1252Reverse = BuildReverse();

    private static Dictionary<char, byte> BuildReverse()
    {
        var d = new Dictionary<char, byte>();
        for (int i = 0; i < Cp1252High.Length; i++)
            if (Cp1252High[i] != '\0') d[Cp1252High[i]] = (byte)(0x80 + i);
        return d;
    }

    /// <summary>Applies the three repairs above; null or empty gives "".</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var s = RepairMojibake(text);
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c0 in s)
        {
            var c = c0 is >= '\u0080' and <= '\u009F' && Cp1252High[c0 - 0x80] != '\0' ? Cp1252High[c0 - 0x80] : c0;
            switch (c)
            {
                case '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u00B4' or '\u0060': sb.Append('\''); break;
                case '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB': sb.Append('"'); break;
                case '\u2026': sb.Append("..."); break;
                case '\u2013' or '\u2012' or '\u2010' or '\u2011' or '\u2212': sb.Append('-'); break;
                case '\u2014' or '\u2015': sb.Append("--"); break;
                case '\u00A0' or '\u2009' or '\u200A' or '\u2002' or '\u2003' or '\u202F' or '\t' or '\r' or '\n': sb.Append(' '); break;
                case '\u200B' or '\uFEFF' or '\u00AD': break; // zero-width space, BOM, soft hyphen
                default:
                    if (c is >= '\u0080' and <= '\u009F') sb.Append(' '); // undefined in cp1252: drop as a space
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The byte a character stands for when UTF-8 text was wrongly decoded as cp1252 (or Latin-1), or -1.</summary>
    private static int ByteOf(char c)
    {
        if (c <= '\u00FF') return c;
        return Cp1252Reverse.TryGetValue(c, out var b) ? b : -1;
    }

    /// <summary>Finds runs "lead byte + continuation bytes" of a UTF-8 sequence read as cp1252 and decodes them back.</summary>
    internal static string RepairMojibake(string s)
    {
        int first = -1;
        for (int i = 0; i < s.Length; i++)
            if (s[i] is >= '\u00C2' and <= '\u00F4') { first = i; break; }
        if (first < 0) return s;

        var sb = new StringBuilder(s.Length);
        sb.Append(s, 0, first);
        Span<byte> bytes = stackalloc byte[4];
        Span<char> chars = stackalloc char[2];
        int k = first;
        while (k < s.Length)
        {
            char c = s[k];
            int need = c switch { >= '\u00C2' and <= '\u00DF' => 1, >= '\u00E0' and <= '\u00EF' => 2, >= '\u00F0' and <= '\u00F4' => 3, _ => 0 };
            if (need > 0)
            {
                bytes[0] = (byte)c;
                int got = 0;
                for (int j = 1; j <= need && k + j < s.Length; j++)
                {
                    int b = ByteOf(s[k + j]);
                    if (b is < 0x80 or > 0xBF) break;
                    bytes[j] = (byte)b;
                    got++;
                }
                // "â€" + U+009D (an undefined cp1252 byte) is often lost entirely: treat a lone "â€" as a closing quote.
                if (got == need)
                {
                    var status = System.Text.Unicode.Utf8.ToUtf16(bytes[..(need + 1)], chars, out _, out int written, replaceInvalidSequences: false);
                    if (status == System.Buffers.OperationStatus.Done)
                    {
                        sb.Append(chars[..written]);
                        k += need + 1;
                        continue;
                    }
                }
                else if (c == '\u00E2' && got == 1 && bytes[1] == 0x80)
                {
                    sb.Append('\u201D');
                    k += 2;
                    continue;
                }
            }
            sb.Append(c);
            k++;
        }
        return sb.ToString();
    }
}
