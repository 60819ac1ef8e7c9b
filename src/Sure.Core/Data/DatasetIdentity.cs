namespace Sure.Data;

/// <summary>
/// Which known dataset a <see cref="ConversationDataset"/> is (<see cref="ConversationDataset.Identity"/>): what chooses
/// the dataset preset (Sure.Configuration.Presets) and the automatic class weighting. A loader sets it from the file's
/// format when it recognises the data (the community IEMOCAP and MELD feature pickles, COSMIC's IEMOCAP and MELD
/// transcript pickles, MELD's CSVs, SynthERC, a Sure JSONL file whose header says so); the configuration's
/// <c>Preset</c> setting (<c>--preset</c>) sets it for any data. Never derived from the dataset's name.
/// </summary>
public static class DatasetIdentity
{
    /// <summary>IEMOCAP (six classes, dyadic sessions).</summary>
    public const string Iemocap = "iemocap";

    /// <summary>MELD (seven classes, Friends scenes).</summary>
    public const string Meld = "meld";

    /// <summary>The synthetic benchmark SynthERC.</summary>
    public const string SynthErc = "syntherc";

    /// <summary>Every known identity.</summary>
    public static readonly IReadOnlyList<string> All = [Iemocap, Meld, SynthErc];

    /// <summary>True for a known identity (exact, lower case).</summary>
    public static bool IsKnown(string? identity) => identity is not null && All.Contains(identity, StringComparer.Ordinal);
}
