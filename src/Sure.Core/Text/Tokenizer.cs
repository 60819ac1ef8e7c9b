using System.Text;

namespace Sure.Text;

/// <summary>
/// Splits an utterance into lower-cased tokens the way GloVe's corpus was tokenised (PTB style):
/// <list type="bullet">
/// <item>text is first repaired by <see cref="TextNormalizer"/> (cp1252 characters, mojibake, curly quotes → ASCII);</item>
/// <item>everything is lower-cased (invariant culture);</item>
/// <item>a word is a run of letters/digits with internal apostrophes; every other non-space character is its own
/// token (",", ".", "!", "?", "\"", "-", "$" …), except that runs of two or more dots become "..." and "--" stays one token;</item>
/// <item>numbers keep their internal separators: "3.5", "1,000", "10:30" are single tokens;</item>
/// <item>contractions are split: "don't" → "do" "n't", "can't" → "ca" "n't", "won't" → "wo" "n't", "cannot" → "can" "not",
/// "i'm" → "i" "'m", "it's" → "it" "'s" and likewise "'re", "'ve", "'ll", "'d"; other internal apostrophes stay ("o'clock");
/// leading or trailing apostrophes are split off as "'";</item>
/// <item>hyphenated words are split: "well-known" → "well" "-" "known".</item>
/// </list>
/// </summary>
public static class Tokenizer
{
    private static readonly string[] Clitics = ["'s", "'m", "'re", "'ve", "'ll", "'d"];

    /// <summary>The tokens of <paramref name="text"/>; an empty array for null, empty or blank text.</summary>
    public static string[] Tokenize(string? text)
    {
        var s = TextNormalizer.Normalize(text).ToLowerInvariant();
        var tokens = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c)) { i++; continue; }

            if (char.IsLetterOrDigit(c) || IsMark(c))
            {
                int start = i;
                i++;
                while (i < s.Length)
                {
                    char d = s[i];
                    if (char.IsLetterOrDigit(d) || IsMark(d)) { i++; continue; }
                    // an apostrophe between two word characters belongs to the word ("don't", "o'clock")
                    if (d == '\'' && i + 1 < s.Length && char.IsLetterOrDigit(s[i + 1])) { i++; continue; }
                    // a number separator between two digits belongs to the number ("3.5", "1,000", "10:30")
                    if (d is '.' or ',' or ':' && char.IsDigit(s[i - 1]) && i + 1 < s.Length && char.IsDigit(s[i + 1])) { i++; continue; }
                    break;
                }
                AddWord(tokens, s[start..i]);
                continue;
            }

            if (c == '.' && i + 1 < s.Length && s[i + 1] == '.')
            {
                while (i < s.Length && s[i] == '.') i++;
                tokens.Add("...");
                continue;
            }
            if (c == '-' && i + 1 < s.Length && s[i + 1] == '-')
            {
                while (i < s.Length && s[i] == '-') i++;
                tokens.Add("--");
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                tokens.Add(s.Substring(i, 2));
                i += 2;
                continue;
            }
            tokens.Add(c.ToString());
            i++;
        }
        return tokens.ToArray();
    }

    private static bool IsMark(char c) =>
        System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    private static void AddWord(List<string> tokens, string w)
    {
        if (w == "cannot") { tokens.Add("can"); tokens.Add("not"); return; }
        if (w.Length > 3 && w.EndsWith("n't", StringComparison.Ordinal))
        {
            tokens.Add(w[..^3]);
            tokens.Add("n't");
            return;
        }
        foreach (var clitic in Clitics)
        {
            if (w.Length > clitic.Length && w.EndsWith(clitic, StringComparison.Ordinal))
            {
                var stem = w[..^clitic.Length];
                AddWord(tokens, stem); // "wouldn't've", "y'all'd"
                tokens.Add(clitic);
                return;
            }
        }
        tokens.Add(w);
    }
}
