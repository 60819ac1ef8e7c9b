namespace Sure.Text;

/// <summary>
/// Which vector a token uses when the vectors file lacks the token itself. Full GloVe 6B has the PTB clitics
/// ("n't", "'s", "'m" …) but reduced vocabularies (such as the MERC subset, built from letters-only words) may not:
/// then "n't" → "not", "'m" → "am", "'re" → "are", "'ve" → "have", "'ll" → "will", "'d" → "would", "'s" → "is",
/// "ca" → "can", "..." → "…" or ".", "--" → "—" or "-"; a clitic also tries its form without the apostrophe ("'ll" → "ll").
/// Tokens with no vector at all are unknown words.
/// </summary>
public static class TokenFallbacks
{
    private static readonly Dictionary<string, string[]> Alternatives = new(StringComparer.Ordinal)
    {
        ["n't"] = ["not"],
        ["'m"] = ["m", "am"],
        ["'re"] = ["re", "are"],
        ["'ve"] = ["ve", "have"],
        ["'ll"] = ["ll", "will"],
        ["'d"] = ["d", "would"],
        ["'s"] = ["s", "is"],
        ["ca"] = ["can"],
        ["..."] = ["\u2026", "."],
        ["--"] = ["\u2014", "-"],
        ["\""] = ["\u201C", "''"],
        ["'"] = ["\u2019"],
    };

    /// <summary>The word of <paramref name="vectors"/> that <paramref name="token"/> uses, or null when it is unknown.</summary>
    public static string? Resolve(string token, WordVectors vectors)
    {
        if (vectors.Contains(token)) return token;
        if (Alternatives.TryGetValue(token, out var alts))
            foreach (var a in alts)
                if (vectors.Contains(a)) return a;
        return null;
    }

    /// <summary>Every word a token may be looked up as (itself and its alternatives), for filtering a large vectors file.</summary>
    public static IEnumerable<string> Candidates(string token)
    {
        yield return token;
        if (Alternatives.TryGetValue(token, out var alts))
            foreach (var a in alts) yield return a;
    }
}
