namespace Sure.Data.Formats;

/// <summary>
/// MELD's pickles hold text that was decoded byte-by-byte (latin-1) from Windows-1252, leaving C1 control
/// characters such as U+0092 where the source had a right single quote. This maps U+0080..U+009F to the
/// characters Windows-1252 assigns those bytes; the five bytes it leaves undefined are kept as they are.
/// </summary>
public static class Cp1252Repair
{
    private static readonly char[] Table =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    public static string Apply(string s)
    {
        if (!s.Any(c => c is >= '\u0080' and <= '\u009F')) return s;
        return string.Create(s.Length, s, (span, src) =>
        {
            for (var i = 0; i < src.Length; i++)
                span[i] = src[i] is >= '\u0080' and <= '\u009F' ? Table[src[i] - 0x80] : src[i];
        });
    }
}
