using Sure.Data.Pickle;

namespace Sure.Data.Formats;

/// <summary>
/// COSMIC-style transcript pickles (text only): IEMOCAP's <c>iemocap.pkl</c> is a 6-item list (speakers, labels,
/// sentences, train ids, test ids, valid ids); MELD's <c>meld.pkl</c> a 7-item list (speakers as one-hot vectors,
/// emotion labels, sentiment labels, sentences, train, test, valid ids). MELD text is repaired from its
/// Windows-1252 mis-decoding (<see cref="Cp1252Repair"/>).
/// </summary>
internal static class CosmicTranscriptPickleFormat
{
    public static bool Matches(object? root) => root is List<object?> { Count: 6 or 7 } l && l.Take(3).All(x => x is PyDict);

    public static ConversationDataset Read(object? root, string file)
    {
        var r = new PyValueReader(file);
        var items = root as List<object?> ?? throw r.Error($"expected a list of 6 or 7 items, found {PyTypeName.Of(root)}");
        var isMeld = items.Count == 7;
        if (items.Count is not (6 or 7)) throw r.Error($"expected a list of 6 (IEMOCAP) or 7 (MELD) items, found {items.Count}");
        var speakers = r.Dict(items[0], "item 0 (speakers)");
        var labels = r.Dict(items[1], "item 1 (labels)");
        var sentences = r.Dict(items[isMeld ? 3 : 2], $"item {(isMeld ? 3 : 2)} (sentences)");
        var off = isMeld ? 4 : 3;
        List<string> Ids(int i, string what) => r.Sequence(items[i], what).Select(x => r.Id(x, what)).ToList();
        var train = Ids(off, "train ids");
        var test = Ids(off + 1, "test ids");
        var valid = Ids(off + 2, "valid ids");

        var dialogues = new List<Dialogue>();
        foreach (var key in speakers.OrderedKeys)
        {
            var id = r.Id(key, "speakers");
            var labelValues = r.Labels(r.Entry(labels, key, "labels", id), id);
            var speakerNames = r.Speakers(speakers[key], id);
            var texts = r.Sequence(r.Entry(sentences, key, "sentences", id), "sentences", id);
            var n = labelValues.Length;
            if (speakerNames.Length != n) throw r.Error($"{speakerNames.Length} speakers for {n} labels", id);
            if (texts.Count != n) throw r.Error($"{texts.Count} sentences for {n} labels", id);
            var dialogue = new Dialogue { Id = id };
            for (var i = 0; i < n; i++)
            {
                var text = r.Text(texts[i], "sentence", id, i);
                dialogue.Utterances.Add(new Utterance { Speaker = speakerNames[i], Label = labelValues[i], Text = isMeld ? Cp1252Repair.Apply(text) : text });
            }
            dialogues.Add(dialogue);
        }
        foreach (var (dict, what) in new[] { (labels, "labels"), (sentences, "sentences") })
            foreach (var key in dict.OrderedKeys)
                if (!speakers.ContainsKey(key))
                    throw r.Error($"{what} has an entry for a dialogue that has no speakers", r.Id(key, what));
        SplitAssignment.Apply(dialogues, file, train, valid, test);
        return new ConversationDataset
        {
            Name = isMeld ? "MELD" : "IEMOCAP",
            Format = isMeld ? DatasetFormats.CosmicMeldPickle : DatasetFormats.CosmicIemocapPickle,
            Source = file,
            ClassNames = isMeld ? EmotionClasses.Meld : EmotionClasses.Iemocap,
            Dialogues = dialogues,
        };
    }
}
