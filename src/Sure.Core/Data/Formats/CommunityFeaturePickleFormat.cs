using Sure.Data.Pickle;

namespace Sure.Data.Formats;

/// <summary>
/// The community multimodal feature pickles: SDT/SURE <c>iemocap_multimodal_features.pkl</c> (12-tuple),
/// <c>meld_multimodal_features.pkl</c> (13-tuple) and MMGCN/DialogueGCN <c>IEMOCAP_features.pkl</c> (9-tuple).
/// Each item is a dict from dialogue id to per-utterance values; the last items are the train and test id lists.
/// </summary>
internal static class CommunityFeaturePickleFormat
{
    private sealed record Layout(string Format, string Name, string[] Classes, int Ids, int Speakers, int Labels,
        int Text, int Audio, int Visual, int Sentences, int Train, int Test);

    private static readonly Layout SdtIemocap = new(DatasetFormats.SdtIemocapPickle, "IEMOCAP", EmotionClasses.Iemocap, 0, 1, 2, 3, 7, 8, 9, 10, 11);
    private static readonly Layout SdtMeld = new(DatasetFormats.SdtMeldPickle, "MELD", EmotionClasses.Meld, 0, 1, 2, 3, 7, 8, 9, 10, 11);
    private static readonly Layout MmgcnIemocap = new(DatasetFormats.MmgcnIemocapPickle, "IEMOCAP", EmotionClasses.Iemocap, 0, 1, 2, 3, 4, 5, 6, 7, 8);

    public static bool Matches(object? root) => root is PyTuple { Count: 9 or 12 or 13 } t && t.All(x => x is not NumpyArray);

    public static ConversationDataset Read(object? root, string file)
    {
        var r = new PyValueReader(file);
        var items = root as PyTuple ?? throw r.Error($"expected a 9-, 12- or 13-tuple, found {PyTypeName.Of(root)}");
        var layout = items.Count switch
        {
            12 => SdtIemocap,
            13 => SdtMeld,
            9 => MmgcnIemocap,
            _ => throw r.Error($"expected a 9-, 12- or 13-tuple, found a {items.Count}-tuple"),
        };
        var isMeld = layout == SdtMeld;
        var keys = r.Keys(items[layout.Ids], "item 0 (dialogue ids)");
        var speakers = r.Dict(items[layout.Speakers], "item 1 (speakers)");
        var labels = r.Dict(items[layout.Labels], "item 2 (labels)");
        var sentences = r.Dict(items[layout.Sentences], $"item {layout.Sentences} (sentences)");
        var features = new[] { (Modality.Text, layout.Text), (Modality.Audio, layout.Audio), (Modality.Visual, layout.Visual) }
            .Select(m => (m.Item1, r.Dict(items[m.Item2], $"item {m.Item2} ({m.Item1.Name()} features)"))).ToArray();

        var dialogues = new List<Dialogue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var id = r.Id(key, "dialogue ids");
            if (!seen.Add(id)) throw r.Error("the dialogue id list names this dialogue twice", id);
            var labelValues = r.Labels(r.Entry(labels, key, "labels", id), id);
            var speakerNames = r.Speakers(r.Entry(speakers, key, "speakers", id), id);
            var texts = r.Sequence(r.Entry(sentences, key, "sentences", id), "sentences", id);
            var n = labelValues.Length;
            if (speakerNames.Length != n) throw r.Error($"{speakerNames.Length} speakers for {n} labels", id);
            if (texts.Count != n) throw r.Error($"{texts.Count} sentences for {n} labels", id);
            var rows = new float[]?[Modalities.Count][];
            foreach (var (modality, dict) in features)
            {
                if (!dict.TryGetValue(key, out var value)) continue; // missing modality: the validator decides
                var m = r.FeatureRows(value, modality.Name(), id);
                if (m.Length != n) throw r.Error($"{m.Length} {modality.Name()} feature vectors for {n} utterances", id);
                rows[(int)modality] = m;
            }
            var dialogue = new Dialogue { Id = id };
            for (var i = 0; i < n; i++)
            {
                var text = r.Text(texts[i], "sentence", id, i);
                var u = new Utterance { Speaker = speakerNames[i], Label = labelValues[i], Text = isMeld ? Cp1252Repair.Apply(text) : text };
                foreach (var modality in Modalities.All)
                    u[modality] = rows[(int)modality]?[i];
                dialogue.Utterances.Add(u);
            }
            dialogues.Add(dialogue);
        }
        var train = r.Sequence(items[layout.Train], "train ids").Select(x => r.Id(x, "train ids")).ToList();
        var test = r.Sequence(items[layout.Test], "test ids").Select(x => r.Id(x, "test ids")).ToList();
        SplitAssignment.Apply(dialogues, file, train, [], test);
        return new ConversationDataset
        {
            Name = layout.Name,
            Format = layout.Format,
            Identity = isMeld ? DatasetIdentity.Meld : DatasetIdentity.Iemocap,
            Source = file,
            ClassNames = layout.Classes,
            Dialogues = dialogues,
        };
    }
}
