using Sure.Data;
using Sure.Text;
using Sure.Configuration;

namespace Sure.Tests.Text;

/// <summary>Small in-code corpora and word vectors for the text tests.</summary>
internal static class TextFixtures
{
    public static readonly string[] Positive = ["great", "happy", "love", "wonderful", "yay", "awesome", "glad", "fun"];
    public static readonly string[] Negative = ["awful", "sad", "hate", "terrible", "ugh", "horrible", "angry", "bad"];
    public static readonly string[] Neutral = ["the", "a", "it", "is", "i", "you", "today", "we", "was", ",", ".", "!"];

    /// <summary>Random vectors (seeded) for every fixture word.</summary>
    public static WordVectors Vectors(int dim = 16, int seed = 5)
    {
        var rng = new Random(seed);
        var v = new WordVectors(dim);
        foreach (var w in Positive.Concat(Negative).Concat(Neutral))
            v.Add(w, Enumerable.Range(0, dim).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray());
        return v;
    }

    /// <summary>
    /// Two classes: an utterance's class shows only in one sentiment word hidden among neutral words (and sometimes an
    /// unknown word). Dialogues of 4 utterances; splits train/valid/test.
    /// </summary>
    public static ConversationDataset Corpus(int trainDialogues = 100, int validDialogues = 10, int testDialogues = 10, int seed = 11)
    {
        var rng = new Random(seed);
        var ds = new ConversationDataset { Name = "tiny", ClassNames = ["neg", "pos"] };
        int id = 0;
        void Add(Split split, int count)
        {
            for (int i = 0; i < count; i++)
            {
                var d = new Dialogue { Id = $"d{id++}", Split = split };
                for (int j = 0; j < 4; j++)
                {
                    int label = rng.Next(2);
                    var words = Enumerable.Range(0, rng.Next(2, 9)).Select(_ => Neutral[rng.Next(Neutral.Length)]).ToList();
                    var cue = (label == 1 ? Positive : Negative)[rng.Next(8)];
                    words.Insert(rng.Next(words.Count + 1), cue);
                    if (rng.Next(3) == 0) words.Insert(rng.Next(words.Count + 1), "zzxq");
                    d.Utterances.Add(new Utterance { Speaker = j % 2 == 0 ? "A" : "B", Label = label, Text = string.Join(' ', words) });
                }
                ds.Dialogues.Add(d);
            }
        }
        Add(Split.Train, trainDialogues);
        Add(Split.Valid, validDialogues);
        Add(Split.Test, testDialogues);
        return ds;
    }

    public static TextCnnOptions SmallOptions(int epochs = 12, int seed = 1) => new()
    {
        Filters = 8,
        FeatureSize = 8,
        Dropout = 0.2,
        Epochs = epochs,
        Patience = 0,
        BatchSize = 16,
        Lr = 1e-2,
        Seed = seed,
    };
}
