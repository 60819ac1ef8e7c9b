using System.Globalization;
using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// MELD's official release CSVs: a folder with <c>train_sent_emo.csv</c>, <c>dev_sent_emo.csv</c> and
/// <c>test_sent_emo.csv</c>. Dialogue ids become "train/&lt;Dialogue_ID&gt;", "dev/…", "test/…"; utterances are
/// ordered by Utterance_ID (which may have gaps in the release).
/// </summary>
internal static class MeldCsvFormat
{
    public static readonly (string File, string Prefix, Split Split)[] Files =
    [
        ("train_sent_emo.csv", "train", Split.Train),
        ("dev_sent_emo.csv", "dev", Split.Valid),
        ("test_sent_emo.csv", "test", Split.Test),
    ];

    public static bool IsMeldFolder(string dir) => Files.Any(f => File.Exists(Path.Combine(dir, f.File)));

    public static ConversationDataset Read(string dir, DatasetValidationReport report)
    {
        var dialogues = new List<Dialogue>();
        var found = 0;
        foreach (var (name, prefix, split) in Files)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path))
            {
                report.Warn($"{dir}: {name} is absent, so the {SplitAssignment.Name(split)} split is empty");
                continue;
            }
            found++;
            dialogues.AddRange(ReadFile(path, prefix, split));
        }
        if (found == 0)
            throw new SureUserException($"{dir}: no MELD CSV found (expected {string.Join(", ", Files.Select(f => f.File))})");
        return new ConversationDataset
        {
            Name = "MELD",
            Format = DatasetFormats.MeldCsv,
            Identity = DatasetIdentity.Meld,
            Source = dir,
            ClassNames = EmotionClasses.Meld,
            Dialogues = dialogues,
        };
    }

    private static List<Dialogue> ReadFile(string path, string prefix, Split split)
    {
        string text;
        try { text = File.ReadAllText(path, System.Text.Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SureUserException($"Cannot read '{path}': {e.Message}", e);
        }
        using var records = Rfc4180CsvReader.Parse(text, path).GetEnumerator();
        if (!records.MoveNext()) throw new SureDataException("the file is empty (no header row)", path);
        var header = records.Current.Fields.Select(h => h.Trim()).ToArray();
        int Column(string name) => ColumnOf(header, name) ?? throw MissingColumn(header, name, path);
        int cText = Column("Utterance"), cSpeaker = Column("Speaker"), cEmotion = Column("Emotion"),
            cDialogue = Column("Dialogue_ID"), cUtterance = Column("Utterance_ID");
        var byDialogue = new SortedDictionary<long, SortedDictionary<long, Utterance>>();
        while (records.MoveNext())
        {
            var (line, f) = records.Current;
            if (f.Length != header.Length)
                throw new SureDataException($"line {line}: {f.Length} fields, but the header has {header.Length}", path);
            var dialogueId = Number(f[cDialogue], "Dialogue_ID", path, line);
            var utteranceId = Number(f[cUtterance], "Utterance_ID", path, line);
            var emotion = f[cEmotion].Trim().ToLowerInvariant();
            var label = Array.IndexOf(EmotionClasses.Meld, emotion);
            if (label < 0)
                throw new SureDataException($"line {line}: unknown emotion '{f[cEmotion]}' (expected one of {string.Join(", ", EmotionClasses.Meld)})",
                    path, $"{prefix}/{dialogueId}", (int)Math.Min(utteranceId, int.MaxValue));
            if (!byDialogue.TryGetValue(dialogueId, out var utts)) byDialogue[dialogueId] = utts = new SortedDictionary<long, Utterance>();
            if (utts.ContainsKey(utteranceId))
                throw new SureDataException($"line {line}: Utterance_ID {utteranceId} appears twice", path, $"{prefix}/{dialogueId}");
            utts[utteranceId] = new Utterance { Speaker = f[cSpeaker].Trim(), Label = label, Text = f[cText] };
        }
        return byDialogue.Select(kv => new Dialogue { Id = $"{prefix}/{kv.Key}", Split = split, Utterances = kv.Value.Values.ToList() }).ToList();
    }

    /// <summary>The index of column <paramref name="name"/> in <paramref name="header"/>, or null.</summary>
    internal static int? ColumnOf(string[] header, string name) => Array.IndexOf(header, name) is var k and >= 0 ? k : null;

    internal static SureDataException MissingColumn(string[] header, string name, string path) =>
        new($"the header has no '{name}' column (found: {string.Join(", ", header)})", path);

    internal static long Number(string s, string column, string path, int line) =>
        long.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new SureDataException($"line {line}: {column} '{s}' is not a non-negative integer", path);
}
