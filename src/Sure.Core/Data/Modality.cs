namespace Sure.Data;

/// <summary>The three modalities of an utterance, in the fixed order used everywhere (t, a, v).</summary>
public enum Modality
{
    Text = 0,
    Audio = 1,
    Visual = 2,
}

public static class Modalities
{
    public const int Count = 3;
    public static readonly Modality[] All = [Modality.Text, Modality.Audio, Modality.Visual];

    public static char Letter(this Modality m) => m switch
    {
        Modality.Text => 't',
        Modality.Audio => 'a',
        Modality.Visual => 'v',
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    public static string Name(this Modality m) => m.ToString().ToLowerInvariant();

    /// <summary>Parses "t,a,v", "tav", "text,audio", ... into an ordered, distinct, non-empty subset.</summary>
    public static Modality[] Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
            throw new Errors.SureUserException($"{Sure.Errors.Setting.Name("modalities")} must name at least one of t, a, v.");
        var parts = spec.Contains(',') ? spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                                       : spec.Trim().Select(c => c.ToString()).ToArray();
        var set = new SortedSet<Modality>();
        foreach (var p in parts)
        {
            set.Add(p.ToLowerInvariant() switch
            {
                "t" or "text" => Modality.Text,
                "a" or "audio" => Modality.Audio,
                "v" or "visual" or "video" => Modality.Visual,
                _ => throw new Errors.SureUserException($"Unknown modality '{p}' in '{spec}': use any non-empty subset of t, a, v (e.g. 'tav' or 't,a')."),
            });
        }
        if (set.Count == 0)
            throw new Errors.SureUserException($"{Sure.Errors.Setting.Name("modalities")} must name at least one of t, a, v.");
        return set.ToArray();
    }

    public static string Format(IEnumerable<Modality> ms) => string.Concat(ms.OrderBy(m => m).Select(m => m.Letter()));
}
