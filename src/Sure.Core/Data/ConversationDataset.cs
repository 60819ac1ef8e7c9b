namespace Sure.Data;

/// <summary>
/// The one dataset model every loader produces: dialogues of ordered utterances with speaker, label,
/// optional text and optional per-modality feature vectors, plus split membership.
/// </summary>
public sealed class ConversationDataset
{
    /// <summary>Short name, e.g. "SynthERC", "IEMOCAP", "MELD" or a file name.</summary>
    public required string Name { get; init; }
    /// <summary>Detected source format, e.g. "syntherc", "sdt-iemocap-pkl", "cosmic-pkl", "meld-csv", "sure-jsonl".</summary>
    public string Format { get; init; } = "unknown";
    /// <summary>Where it was read from (file or folder), if anywhere.</summary>
    public string? Source { get; init; }
    /// <summary>Which known dataset this is (<see cref="DatasetIdentity"/>: "iemocap", "meld", "syntherc"), set by the
    /// loader that recognised its format or by the configuration's preset; null for any other data. Chooses the dataset
    /// preset and the automatic class weighting; the <see cref="Name"/> never does.</summary>
    public string? Identity { get; init; }
    public required string[] ClassNames { get; init; }
    public List<Dialogue> Dialogues { get; init; } = [];

    public int ClassCount => ClassNames.Length;

    public IEnumerable<Dialogue> In(Split split) => Dialogues.Where(d => d.Split == split);

    /// <summary>Feature dimension of a modality (0 when no utterance carries it).</summary>
    public int Dim(Modality m)
    {
        foreach (var d in Dialogues)
            foreach (var u in d.Utterances)
                if (u[m] is { } f) return f.Length;
        return 0;
    }

    public int[] Dims => Modalities.All.Select(Dim).ToArray();

    /// <summary>Distinct speaker names across the dataset, in first-seen order.</summary>
    public IReadOnlyList<string> Speakers()
    {
        var seen = new List<string>();
        var set = new HashSet<string>();
        foreach (var d in Dialogues)
            foreach (var u in d.Utterances)
                if (set.Add(u.Speaker)) seen.Add(u.Speaker);
        return seen;
    }

    /// <summary>Largest number of distinct speakers in any one dialogue.</summary>
    public int MaxSpeakersPerDialogue() =>
        Dialogues.Count == 0 ? 0 : Dialogues.Max(d => d.Utterances.Select(u => u.Speaker).Distinct().Count());

    /// <summary>The same dataset (the same dialogue list, shared) with another <see cref="Identity"/>.</summary>
    public ConversationDataset WithIdentity(string? identity) => new()
    {
        Name = Name, Format = Format, Source = Source, Identity = identity, ClassNames = ClassNames, Dialogues = Dialogues,
    };
}
