namespace Sure.Data.Formats;

/// <summary>Class names in the index order used by the community files.</summary>
public static class EmotionClasses
{
    public static readonly string[] Iemocap = ["hap", "sad", "neu", "ang", "exc", "fru"];
    public static readonly string[] Meld = ["neutral", "surprise", "fear", "sadness", "joy", "disgust", "anger"];

    /// <summary>Readable names of the class ids in use (IEMOCAP's abbreviations, MELD's words, EmoDB's words); an id not
    /// listed is its own display name. Keys are matched ignoring case.</summary>
    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hap"] = "happy", ["sad"] = "sad", ["neu"] = "neutral", ["ang"] = "angry", ["exc"] = "excited", ["fru"] = "frustrated",
        ["sur"] = "surprised", ["fea"] = "fearful", ["dis"] = "disgusted", ["oth"] = "other",
    };

    /// <summary>The readable name of a class id: "frustrated" for "fru", "excited" for "exc"; a word (MELD's
    /// "neutral", EmoDB's "anger") or an id not known here is returned as it is.</summary>
    public static string DisplayName(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Known.TryGetValue(id.Trim(), out var name) ? name : id;
    }

    /// <summary><see cref="DisplayName"/> of each id.</summary>
    public static string[] DisplayNames(IEnumerable<string> ids) => [.. ids.Select(DisplayName)];

    /// <summary>The names given to the classes of a dataset whose class names are unknown: "class0", "class1", ….</summary>
    public static string[] Numbered(int count) => Enumerable.Range(0, count).Select(i => $"class{i}").ToArray();

    /// <summary>Whether <paramref name="names"/> are <see cref="Numbered"/> names, i.e. the real names are unknown.</summary>
    public static bool AreNumbered(IReadOnlyList<string> names) => names.Count > 0 && names.SequenceEqual(Numbered(names.Count));

    /// <summary>Class names from a comma-separated list ("hap,sad,neu"); null for null or blank.</summary>
    public static string[]? Parse(string? list) =>
        string.IsNullOrWhiteSpace(list) ? null : list.Split(',', StringSplitOptions.TrimEntries);
}
