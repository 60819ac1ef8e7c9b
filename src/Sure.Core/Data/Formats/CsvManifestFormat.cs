using System.Globalization;
using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// Any CSV read through a <see cref="CsvColumnMapping"/> ("csv-manifest"): one utterance per row. Rows with the same
/// dialogue column value form a dialogue, in file order (dialogues in order of their first row); without a dialogue
/// column every row is its own dialogue, named by its id column, else by its audio file's name without extension, else
/// by its 1-based row number. Audio paths are resolved against the CSV's folder and must exist. Labels are class names:
/// the distinct labels in first-seen order, or the given class names (a label outside them is an error); an empty label
/// is unlabelled. With an order column a dialogue's rows are put in the order of its numbers (they need not be
/// contiguous or start at 0; two rows of a dialogue with one number are an error). Without a split column the dialogues are split 80/10/10 at random by dialogue
/// (<see cref="SplitAssignment.Shuffled"/> with seed <see cref="SplitSeed"/>) and a warning says so.
/// </summary>
internal static class CsvManifestFormat
{
    /// <summary>The seed of the 80/10/10 split of a manifest without a split column (fixed, so that the test split does not move with a run's seed).</summary>
    public const int SplitSeed = 1;

    /// <param name="requireLabels">false when the data may be unlabelled (conversations to label, <c>sure predict</c>): no
    /// class names is then no error, and no split warning is given.</param>
    public static ConversationDataset Read(string path, CsvColumnMapping mapping, IReadOnlyList<string>? classNames, DatasetValidationReport report, bool requireLabels = true)
    {
        string text;
        try { text = File.ReadAllText(path, System.Text.Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SureUserException($"Cannot read '{path}': {e.Message}", e);
        }
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        using var records = Rfc4180CsvReader.Parse(text, path).GetEnumerator();
        if (!records.MoveNext()) throw new SureDataException("the file is empty (no header row)", path);
        var header = records.Current.Fields.Select(h => h.Trim()).ToArray();
        int? Column(string key)
        {
            if (mapping[key] is not { } name) return null;
            var found = Enumerable.Range(0, header.Length).Where(k => header[k] == name).ToArray();
            return found.Length switch
            {
                1 => found[0],
                0 => throw new SureDataException($"--columns {key}={name}: the header has no column '{name}' (found: {string.Join(", ", header)})", path),
                _ => throw new SureDataException($"--columns {key}={name}: the header has {found.Length} columns named '{name}'", path),
            };
        }
        int? cAudio = Column("audio"), cText = Column("text"), cLabel = Column("label"), cDialogue = Column("dialogue"),
            cSplit = Column("split"), cStart = Column("start"), cEnd = Column("end"), cId = Column("id"), cOrder = Column("order");
        var order = new Dictionary<Utterance, (double Order, int Line)>(ReferenceEqualityComparer.Instance);
        var cSpeaker = Column("speaker")!.Value;

        var dialogues = new List<Dialogue>();
        var byId = new Dictionary<string, (Dialogue Dialogue, int Line, HashSet<string> UtteranceIds)>(StringComparer.Ordinal);
        var labels = new List<string>(classNames ?? []);
        var row = 0;
        while (records.MoveNext())
        {
            var (line, f) = records.Current;
            row++;
            if (f.Length != header.Length)
                throw new SureDataException($"line {line}: {f.Length} fields, but the header has {header.Length}", path);
            string? Cell(int? c) => c is { } k ? f[k] : null;
            var audioCell = Cell(cAudio)?.Trim() ?? "";
            string dialogueId;
            if (cDialogue is { } cd)
            {
                dialogueId = f[cd].Trim();
                if (dialogueId.Length == 0) throw new SureDataException($"line {line}: the dialogue column '{mapping["dialogue"]}' is empty", path);
            }
            else
            {
                dialogueId = Cell(cId)?.Trim() is { Length: > 0 } rowId ? rowId
                    : audioCell.Length > 0 ? Path.GetFileNameWithoutExtension(audioCell)
                    : row.ToString(CultureInfo.InvariantCulture);
                if (byId.TryGetValue(dialogueId, out var earlier))
                    throw new SureDataException($"line {line}: line {earlier.Line} already makes a dialogue with this id " +
                        (cId is null ? "(map an id column, id=COLUMN, to name each row)" : "(without a dialogue column every row is a dialogue: ids must be unique)"), path, dialogueId);
            }
            Split? split = null;
            if (cSplit is { } cs)
            {
                split = SplitAssignment.Parse(f[cs]) ?? throw new SureDataException(
                    $"line {line}: split '{f[cs]}' must be train, valid (dev) or test", path, dialogueId);
            }
            if (!byId.TryGetValue(dialogueId, out var entry))
            {
                entry = (new Dialogue { Id = dialogueId, Split = split ?? Split.Train }, line, new HashSet<string>(StringComparer.Ordinal));
                byId[dialogueId] = entry;
                dialogues.Add(entry.Dialogue);
            }
            else if (split is { } sp && sp != entry.Dialogue.Split)
                throw new SureDataException($"line {line}: split '{f[cSplit!.Value].Trim()}', but line {entry.Line} puts the dialogue in {SplitAssignment.Name(entry.Dialogue.Split)}", path, dialogueId, entry.Dialogue.Count);
            var index = entry.Dialogue.Count;
            SureDataException Bad(string problem) => new($"line {line}: {problem}", path, dialogueId, index);
            if (cDialogue is not null && Cell(cId)?.Trim() is { Length: > 0 } uttId && !entry.UtteranceIds.Add(uttId))
                throw Bad($"the id '{uttId}' appears twice in this dialogue");
            var speaker = f[cSpeaker].Trim();
            if (speaker.Length == 0) throw Bad($"the speaker column '{mapping["speaker"]}' is empty");
            var recording = audioCell.Length > 0 ? AudioFields.Resolve(audioCell, baseDir, Bad) : null;
            var audio = AudioFields.Segment(recording,
                cStart is { } c1 ? AudioFields.ParseSeconds(f[c1], "start", Bad) : null,
                cEnd is { } c2 ? AudioFields.ParseSeconds(f[c2], "end", Bad) : null, Bad);
            var label = -1;
            if (Cell(cLabel)?.Trim() is { Length: > 0 } name)
            {
                label = labels.IndexOf(name);
                if (label < 0)
                {
                    if (classNames is not null) throw Bad($"label '{name}' is not one of --classes ({string.Join(", ", classNames)})");
                    labels.Add(name);
                    label = labels.Count - 1;
                }
            }
            var textCell = Cell(cText);
            var utterance = new Utterance { Speaker = speaker, Text = string.IsNullOrEmpty(textCell) ? null : textCell, Audio = audio, Label = label };
            if (cOrder is { } co)
                order[utterance] = (double.TryParse(f[co].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var o) && double.IsFinite(o) ? o
                    : throw Bad($"the order column '{mapping["order"]}' holds '{f[co].Trim()}', not a number"), line);
            entry.Dialogue.Utterances.Add(utterance);
        }
        if (cOrder is not null)
            foreach (var d in dialogues)
            {
                var sorted = d.Utterances.OrderBy(u => order[u].Order).ToList(); // stable: file order among equals, which are refused below
                for (int i = 1; i < sorted.Count; i++)
                    if (order[sorted[i]].Order == order[sorted[i - 1]].Order)
                        throw new SureDataException($"lines {order[sorted[i - 1]].Line} and {order[sorted[i]].Line}: both have order {order[sorted[i]].Order.ToString(CultureInfo.InvariantCulture)} in this dialogue", path, d.Id);
                d.Utterances.Clear();
                d.Utterances.AddRange(sorted);
            }
        if (dialogues.Count == 0) throw new SureDataException("the file has a header but no rows", path);
        if (labels.Count == 0 && requireLabels)
            throw new SureDataException(cLabel is null
                ? "no label column, so the data names no classes: map one (label=COLUMN) or pass --classes NAME,NAME,…"
                : $"the label column '{mapping["label"]}' is empty in every row, so the data names no classes: pass --classes NAME,NAME,…", path);
        if (cSplit is null && requireLabels)
        {
            var (train, valid, test) = SplitAssignment.Shuffled(dialogues, SplitSeed, 0.1, 0.1);
            report.Warn($"{path}: no split column: the {dialogues.Count} dialogues are split at random by dialogue (80/10/10, seed {SplitSeed}): " +
                        $"{train} train / {valid} valid / {test} test; map a split column (split=COLUMN) to choose");
        }
        return new ConversationDataset
        {
            Name = Path.GetFileNameWithoutExtension(path),
            Format = DatasetFormats.CsvManifest,
            Source = path,
            ClassNames = [.. labels],
            Dialogues = dialogues,
        };
    }
}
