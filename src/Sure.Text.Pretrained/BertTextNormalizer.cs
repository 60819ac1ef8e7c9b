using System.Globalization;
using System.Text;

namespace Sure.Text.Bert;

/// <summary>
/// The reference BERT uncased BasicTokenizer (Hugging Face <c>BertTokenizer</c>, do_lower_case, strip_accents,
/// tokenize_chinese_chars), done here because <c>Microsoft.ML.Tokenizers</c> 2.0.1 departs from it in two ways:
/// under <c>InvariantGlobalization=true</c> <see cref="string.Normalize()"/> returns its input unchanged, so "café" kept
/// its "é" and became [UNK]; and its pre-tokenizer drops every symbol (categories Sc, Sk, Sm, So: "$", "+", "€", "°",
/// emoji) where the reference keeps them ("$" is a token of its own, id 1002). Steps, per code point as the reference:
/// drop NUL, U+FFFD and control/format characters; whitespace → space; CJK ideographs become words of their own;
/// lower-case (invariant); canonical decomposition with the non-spacing marks dropped (NFD, drop Mn) from
/// <see cref="BertAccentTable"/> (generated from Unicode data, all of the BMP) and, for Hangul syllables, the Unicode
/// algorithm; split on whitespace, then on punctuation (category P, or any ASCII non-alphanumeric printable).
/// </summary>
public static class BertTextNormalizer
{
    private static readonly Dictionary<char, string> Map = Build();

    private static Dictionary<char, string> Build()
    {
        var from = BertAccentTable.SingleFrom;
        var to = BertAccentTable.SingleTo;
        if (from.Length != to.Length) throw new InvalidOperationException("BertAccentTable is inconsistent.");
        var map = new Dictionary<char, string>(from.Length + BertAccentTable.Multi.Length);
        for (int i = 0; i < from.Length; i++) map[from[i]] = to[i].ToString();
        foreach (var (f, t) in BertAccentTable.Multi) map[f] = t;
        return map;
    }

    /// <summary>Lower-cased text with accents stripped: "Café Déjà" → "cafe deja". Null → "".</summary>
    public static string LowerAndStripAccents(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var lower = text.ToLowerInvariant();
        var sb = new StringBuilder(lower.Length);
        foreach (var r in lower.EnumerateRunes())
        {
            if (r.IsBmp)
            {
                char c = (char)r.Value;
                if (c >= HangulBase && c < HangulBase + HangulCount) { sb.Append(DecomposeHangul(c)); continue; }
                if (Map.TryGetValue(c, out var m)) { sb.Append(m); continue; }
            }
            if (Rune.GetUnicodeCategory(r) != UnicodeCategory.NonSpacingMark) sb.Append(r.ToString());
        }
        return sb.ToString();
    }

    /// <summary>The reference BasicTokenizer's words: "Café, déjà-vu $5!" → cafe , deja - vu $ 5 !.</summary>
    public static List<string> BasicTokenize(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text)) return words;
        // clean + CJK spacing
        var cleaned = new StringBuilder(text.Length + 8);
        foreach (var r in text.EnumerateRunes())
        {
            int cp = r.Value;
            if (cp == 0 || cp == 0xFFFD) continue;
            if (IsWhitespace(r)) { cleaned.Append(' '); continue; }
            if (IsControl(r)) continue;
            if (IsCjk(cp)) cleaned.Append(' ').Append(r.ToString()).Append(' ');
            else cleaned.Append(r.ToString());
        }
        foreach (var token in cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var normal = LowerAndStripAccents(token);
            var current = new StringBuilder();
            foreach (var r in normal.EnumerateRunes())
            {
                if (IsPunctuation(r))
                {
                    if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
                    words.Add(r.ToString());
                }
                else current.Append(r.ToString());
            }
            if (current.Length > 0) words.Add(current.ToString());
        }
        return words;
    }

    /// <summary>Whether <paramref name="word"/> has a character <c>Microsoft.ML.Tokenizers</c> would drop (a symbol, or
    /// one outside the BMP): such words go through <see cref="BertTextTokenizer"/>'s own WordPiece.</summary>
    public static bool NeedsOwnWordPiece(string word)
    {
        foreach (var r in word.EnumerateRunes())
        {
            if (!r.IsBmp) return true;
            var c = Rune.GetUnicodeCategory(r);
            if (c is UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol) return true;
        }
        return false;
    }

    private static bool IsWhitespace(Rune r) =>
        r.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(r) == UnicodeCategory.SpaceSeparator;

    private static bool IsControl(Rune r)
    {
        if (r.Value is '\t' or '\n' or '\r') return false;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    private static bool IsPunctuation(Rune r)
    {
        int cp = r.Value;
        if (cp is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126)) return true;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>BertTokenizer._is_chinese_char's ranges.</summary>
    private static bool IsCjk(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    private const int HangulBase = 0xAC00, HangulCount = 11172, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7, VCount = 21, TCount = 28;

    /// <summary>A precomposed Hangul syllable → its conjoining jamo (L V [T]), the Unicode canonical decomposition.</summary>
    private static string DecomposeHangul(char c)
    {
        int s = c - HangulBase;
        int l = s / (VCount * TCount), v = s % (VCount * TCount) / TCount, t = s % TCount;
        return t == 0
            ? string.Concat((char)(LBase + l), (char)(VBase + v))
            : string.Concat((char)(LBase + l), (char)(VBase + v), (char)(TBase + t));
    }
}
