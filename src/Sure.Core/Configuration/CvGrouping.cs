using System.Globalization;
using System.Text.RegularExpressions;
using Sure.Data;
using Sure.Errors;

namespace Sure.Configuration;

/// <summary>
/// How <c>sure experiment --cv</c> groups dialogues into folds, parsed from "key[:K]": <see cref="Key"/> names what a
/// dialogue's group is (speaker, dialogue or session; see <see cref="GroupOf"/>) and <see cref="Folds"/> is K, or null
/// for one fold per distinct group (leave one group out). Every dialogue of a group lands in the same fold, so no
/// group is ever on both sides of a train/test cut. New grouping keys go into <see cref="Keys"/> and
/// <see cref="GroupOf"/>.
/// </summary>
public sealed partial record CvGrouping(string Key, int? Folds)
{
    /// <summary>The dialogue's one speaker (a dialogue with several speakers cannot be left out by speaker).</summary>
    public const string Speaker = "speaker";
    /// <summary>The dialogue itself.</summary>
    public const string Dialogue = "dialogue";
    /// <summary>IEMOCAP's session: the dialogue id's "SesNN" prefix (Ses01F_impro01 → Ses01).</summary>
    public const string Session = "session";

    /// <summary>The grouping keys, in the order the help lists them.</summary>
    public static IReadOnlyList<string> Keys { get; } = [Speaker, Dialogue, Session];

    /// <summary>Parses "speaker", "speaker:5", "dialogue", "dialogue:10", "session", …; K must be at least 2.</summary>
    public static CvGrouping Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':');
        var key = parts[0].Trim().ToLowerInvariant();
        if (parts.Length > 2 || !Keys.Contains(key))
            throw new SureUserException($"--cv '{text}': expected {string.Join(", ", Keys)}, optionally with :K folds (e.g. speaker:5).");
        if (parts.Length == 1) return new CvGrouping(key, null);
        if (!int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k < 2)
            throw new SureUserException($"--cv '{text}': K must be a whole number of folds ≥ 2 (e.g. {key}:5), or leave ':K' out for one fold per {key}.");
        return new CvGrouping(key, k);
    }

    /// <summary>The group of <paramref name="dialogue"/>; a <see cref="SureUserException"/> naming the dialogue when it has
    /// none under this key (several speakers for "speaker", no SesNN prefix for "session").</summary>
    public string GroupOf(Dialogue dialogue)
    {
        ArgumentNullException.ThrowIfNull(dialogue);
        switch (Key)
        {
            case Speaker:
                var speakers = dialogue.Utterances.Select(u => u.Speaker).Distinct(StringComparer.Ordinal).ToList();
                if (speakers.Count == 1) return speakers[0];
                if (speakers.Count == 0)
                    throw new SureUserException($"--cv {this}: dialogue '{dialogue.Id}' has no utterances, so no speaker to group it by; use --cv dialogue.");
                throw new SureUserException($"--cv {this}: dialogue '{dialogue.Id}' has {speakers.Count} speakers ({string.Join(", ", speakers.Take(3))}{(speakers.Count > 3 ? ", …" : "")}), so it cannot be left out by speaker; use --cv session or --cv dialogue.");
            case Dialogue:
                return dialogue.Id;
            case Session:
                var m = SessionPrefix().Match(dialogue.Id);
                if (!m.Success)
                    throw new SureUserException($"--cv {this}: dialogue '{dialogue.Id}' has no IEMOCAP session prefix (Ses01…Ses05, as in Ses01F_impro01); use --cv dialogue or --cv speaker.");
                return m.Value;
            default:
                throw new InvalidOperationException($"Unknown grouping key '{Key}'.");
        }
    }

    /// <summary>The key's noun for messages: "speaker" → "speakers" when <paramref name="count"/> ≠ 1.</summary>
    public string Noun(int count) => count == 1 ? Key : Key + "s";

    /// <summary>"leave one speaker out" or "5 folds by speaker".</summary>
    public string Describe() => Folds is int k
        ? $"{k.ToString(CultureInfo.InvariantCulture)} folds by {Key}"
        : $"leave one {Key} out";

    /// <summary>The command-line form: "speaker" or "speaker:5".</summary>
    public override string ToString() => Folds is int k ? $"{Key}:{k.ToString(CultureInfo.InvariantCulture)}" : Key;

    [GeneratedRegex("^Ses[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex SessionPrefix();
}
