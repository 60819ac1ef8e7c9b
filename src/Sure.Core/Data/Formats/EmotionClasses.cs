namespace Sure.Data.Formats;

/// <summary>Class names in the index order used by the community files.</summary>
public static class EmotionClasses
{
    public static readonly string[] Iemocap = ["hap", "sad", "neu", "ang", "exc", "fru"];
    public static readonly string[] Meld = ["neutral", "surprise", "fear", "sadness", "joy", "disgust", "anger"];

    /// <summary>The names given to the classes of a dataset whose class names are unknown: "class0", "class1", ….</summary>
    public static string[] Numbered(int count) => Enumerable.Range(0, count).Select(i => $"class{i}").ToArray();

    /// <summary>Whether <paramref name="names"/> are <see cref="Numbered"/> names, i.e. the real names are unknown.</summary>
    public static bool AreNumbered(IReadOnlyList<string> names) => names.Count > 0 && names.SequenceEqual(Numbered(names.Count));

    /// <summary>Class names from a comma-separated list ("hap,sad,neu"); null for null or blank.</summary>
    public static string[]? Parse(string? list) =>
        string.IsNullOrWhiteSpace(list) ? null : list.Split(',', StringSplitOptions.TrimEntries);
}
