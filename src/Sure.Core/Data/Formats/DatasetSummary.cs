namespace Sure.Data.Formats;

/// <summary>What `sure data inspect` shows: sizes per split, class counts per split, speakers, dims and missing values.</summary>
public sealed class DatasetSummary
{
    public sealed record SplitCounts(Split Split, int Dialogues, int Utterances, int[] ClassCounts, int Unlabelled);
    public sealed record ModalityInfo(Modality Modality, int Dim, int Present, int Missing, int DialoguesMissing);

    public required string Name { get; init; }
    public required string Format { get; init; }
    public string? Source { get; init; }
    public required string[] ClassNames { get; init; }
    public required SplitCounts[] Splits { get; init; }
    public required int SpeakerCount { get; init; }
    public required IReadOnlyList<string> SampleSpeakers { get; init; }
    public required int MaxSpeakersPerDialogue { get; init; }
    public required ModalityInfo[] Modalities { get; init; }
    public required int UtterancesWithText { get; init; }
    /// <summary>Utterances whose audio recording is named (<see cref="Utterance.Audio"/>), and the distinct recordings they cut.</summary>
    public int UtterancesWithRecording { get; init; }
    /// <summary>Distinct recordings named by the utterances.</summary>
    public int Recordings { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public int TotalDialogues => Splits.Sum(s => s.Dialogues);
    public int TotalUtterances => Splits.Sum(s => s.Utterances);

    public static DatasetSummary Create(ConversationDataset ds, DatasetValidationReport? report = null)
    {
        var splits = Enum.GetValues<Split>().Select(split =>
        {
            var dialogues = ds.In(split).ToList();
            var counts = new int[ds.ClassCount];
            var unlabelled = 0;
            foreach (var u in dialogues.SelectMany(d => d.Utterances))
                if (u.Label >= 0 && u.Label < counts.Length) counts[u.Label]++;
                else unlabelled++;
            return new SplitCounts(split, dialogues.Count, dialogues.Sum(d => d.Count), counts, unlabelled);
        }).ToArray();
        var all = ds.Dialogues.SelectMany(d => d.Utterances).ToList();
        var speakers = ds.Speakers();
        return new DatasetSummary
        {
            Name = ds.Name,
            Format = ds.Format,
            Source = ds.Source,
            ClassNames = ds.ClassNames,
            Splits = splits,
            SpeakerCount = speakers.Count,
            SampleSpeakers = speakers.Take(12).ToList(),
            MaxSpeakersPerDialogue = ds.MaxSpeakersPerDialogue(),
            Modalities = Data.Modalities.All.Select(m => new ModalityInfo(m, ds.Dim(m),
                all.Count(u => u[m] is not null), all.Count(u => u[m] is null),
                ds.Dialogues.Count(d => d.Utterances.Any(u => u[m] is null)))).ToArray(),
            UtterancesWithText = all.Count(u => !string.IsNullOrEmpty(u.Text)),
            UtterancesWithRecording = all.Count(u => u.Audio is not null),
            Recordings = all.Where(u => u.Audio is not null).Select(u => u.Audio!.Path).Distinct(StringComparer.Ordinal).Count(),
            Warnings = report?.Warnings ?? [],
        };
    }
}
