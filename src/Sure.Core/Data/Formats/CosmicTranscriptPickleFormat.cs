using Sure.Data.Pickle;

namespace Sure.Data.Formats;

/// <summary>
/// COSMIC-style transcript pickles (text only), in one of two layouts: a 6-item list (speakers, labels, sentences,
/// train ids, test ids, valid ids), as IEMOCAP's <c>iemocap.pkl</c>, or a 7-item list (speakers, emotion labels,
/// sentiment labels, sentences, train, test, valid ids), as MELD's <c>meld.pkl</c>.
/// <para>Which dataset a file holds is told by its structure, not by its layout alone: IEMOCAP is the 6-item layout
/// with letter speakers (M/F) and 6 labels (0..5); MELD the 7-item layout with one-hot speakers and 7 labels (0..6).
/// Anything else (e.g. 7 labels with one-hot speakers in the 6-item layout) is a dataset of unknown classes, named
/// "class0", "class1", … (<see cref="EmotionClasses.Numbered"/>) unless the caller names them
/// (<see cref="DatasetLoadOptions.ClassNames"/>). MELD text is repaired from its Windows-1252 mis-decoding
/// (<see cref="Cp1252Repair"/>), as is any 7-item file's.</para>
/// </summary>
internal static class CosmicTranscriptPickleFormat
{
    public static bool Matches(object? root) => root is List<object?> { Count: 6 or 7 } l && l.Take(3).All(x => x is PyDict);

    public static ConversationDataset Read(object? root, string file)
    {
        var r = new PyValueReader(file);
        var items = root as List<object?> ?? throw r.Error($"expected a list of 6 or 7 items, found {PyTypeName.Of(root)}");
        var meldLayout = items.Count == 7;
        if (items.Count is not (6 or 7)) throw r.Error($"expected a list of 6 (IEMOCAP layout) or 7 (MELD layout) items, found {items.Count}");
        var speakers = r.Dict(items[0], "item 0 (speakers)");
        var labels = r.Dict(items[1], "item 1 (labels)");
        var sentences = r.Dict(items[meldLayout ? 3 : 2], $"item {(meldLayout ? 3 : 2)} (sentences)");
        var off = meldLayout ? 4 : 3;
        List<string> Ids(int i, string what) => r.Sequence(items[i], what).Select(x => r.Id(x, what)).ToList();
        var train = Ids(off, "train ids");
        var test = Ids(off + 1, "test ids");
        var valid = Ids(off + 2, "valid ids");

        var dialogues = new List<Dialogue>();
        bool oneHot = false, letters = true;
        foreach (var key in speakers.OrderedKeys)
        {
            var id = r.Id(key, "speakers");
            var labelValues = r.Labels(r.Entry(labels, key, "labels", id), id);
            var speakerNames = r.Speakers(speakers[key], id);
            oneHot |= IsOneHot(speakers[key]);
            var texts = r.Sequence(r.Entry(sentences, key, "sentences", id), "sentences", id);
            var n = labelValues.Length;
            if (speakerNames.Length != n) throw r.Error($"{speakerNames.Length} speakers for {n} labels", id);
            if (texts.Count != n) throw r.Error($"{texts.Count} sentences for {n} labels", id);
            var dialogue = new Dialogue { Id = id };
            for (var i = 0; i < n; i++)
            {
                var text = r.Text(texts[i], "sentence", id, i);
                letters &= speakerNames[i] is "M" or "F";
                dialogue.Utterances.Add(new Utterance { Speaker = speakerNames[i], Label = labelValues[i], Text = meldLayout ? Cp1252Repair.Apply(text) : text });
            }
            dialogues.Add(dialogue);
        }
        foreach (var (dict, what) in new[] { (labels, "labels"), (sentences, "sentences") })
            foreach (var key in dict.OrderedKeys)
                if (!speakers.ContainsKey(key))
                    throw r.Error($"{what} has an entry for a dialogue that has no speakers", r.Id(key, what));
        SplitAssignment.Apply(dialogues, file, train, valid, test);

        var labelCount = dialogues.SelectMany(d => d.Utterances).Select(u => u.Label).DefaultIfEmpty(-1).Max() + 1;
        var isIemocap = !meldLayout && letters && !oneHot && labelCount == EmotionClasses.Iemocap.Length;
        var isMeld = meldLayout && oneHot && labelCount == EmotionClasses.Meld.Length;
        return new ConversationDataset
        {
            Name = isIemocap ? "IEMOCAP" : isMeld ? "MELD" : Path.GetFileNameWithoutExtension(file),
            Identity = isIemocap ? DatasetIdentity.Iemocap : isMeld ? DatasetIdentity.Meld : null,
            Format = isIemocap ? DatasetFormats.CosmicIemocapPickle : isMeld ? DatasetFormats.CosmicMeldPickle : DatasetFormats.CosmicPickle,
            Source = file,
            ClassNames = isIemocap ? EmotionClasses.Iemocap : isMeld ? EmotionClasses.Meld : EmotionClasses.Numbered(Math.Max(1, labelCount)),
            Dialogues = dialogues,
        };
    }

    /// <summary>Whether a dialogue's speakers are one-hot vectors (a 2-D array, or a list of vectors) rather than names.</summary>
    private static bool IsOneHot(object? speakers) => speakers switch
    {
        NumpyArray => true,
        IReadOnlyList<object?> { Count: > 0 } l => l[0] is not (string or byte[]),
        _ => false,
    };
}
