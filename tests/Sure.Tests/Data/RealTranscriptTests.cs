using Sure.Data;
using Sure.Data.Formats;

namespace Sure.Tests.Data;

/// <summary>The real IEMOCAP / MELD transcripts in ../shared/data load with the paper's split sizes and agree across formats.</summary>
public class RealTranscriptTests
{
    private static int[] ClassCounts(ConversationDataset ds, params Split[] splits)
    {
        var counts = new int[ds.ClassCount];
        foreach (var u in ds.Dialogues.Where(d => splits.Contains(d.Split)).SelectMany(d => d.Utterances)) counts[u.Label]++;
        return counts;
    }

    [SharedDataFact]
    public void Iemocap_transcripts_have_the_paper_split_sizes_and_class_counts()
    {
        var ds = DatasetLoader.Load(SharedData.PathOf("iemocap/iemocap.pkl"));
        Assert.Equal(DatasetFormats.CosmicIemocapPickle, ds.Format);
        Assert.Equal(151, ds.Dialogues.Count);
        Assert.Equal(108, ds.In(Split.Train).Count());
        Assert.Equal(12, ds.In(Split.Valid).Count());
        Assert.Equal(31, ds.In(Split.Test).Count());
        Assert.Equal(5810, ds.Dialogues.Where(d => d.Split != Split.Test).Sum(d => d.Count));
        Assert.Equal(1623, ds.In(Split.Test).Sum(d => d.Count));
        Assert.Equal([504, 839, 1324, 933, 742, 1468], ClassCounts(ds, Split.Train, Split.Valid));
        Assert.Equal([144, 245, 384, 170, 299, 381], ClassCounts(ds, Split.Test));
        Assert.Equal(["M", "F"], ds.Speakers().OrderByDescending(s => s).ToArray());
        Assert.All(ds.Dialogues.SelectMany(d => d.Utterances), u => Assert.False(string.IsNullOrEmpty(u.Text)));
        Assert.Equal(0, ds.Dim(Modality.Text));
    }

    [SharedDataFact]
    public void Meld_pickle_has_the_paper_split_sizes_and_class_counts()
    {
        var ds = DatasetLoader.Load(SharedData.PathOf("meld/meld.pkl"));
        Assert.Equal(DatasetFormats.CosmicMeldPickle, ds.Format);
        Assert.Equal(1432, ds.Dialogues.Count);
        Assert.Equal(1152, ds.Dialogues.Count(d => d.Split != Split.Test));
        Assert.Equal(11098, ds.Dialogues.Where(d => d.Split != Split.Test).Sum(d => d.Count));
        Assert.Equal(2610, ds.In(Split.Test).Sum(d => d.Count));
        Assert.Equal([5180, 1355, 308, 794, 1906, 293, 1262], ClassCounts(ds, Split.Train, Split.Valid));
        Assert.Equal([1256, 281, 50, 208, 402, 68, 345], ClassCounts(ds, Split.Test));
        // the cp1252 mis-decoding is repaired: no C1 control characters are left
        Assert.DoesNotContain(ds.Dialogues.SelectMany(d => d.Utterances), u => u.Text!.Any(c => c is >= '\u0080' and <= '\u009F'));
    }

    /// <summary>
    /// The pickle numbers dialogues train 0..1038, valid 1039 + dev id, test 1153 + test id. Its text, once the
    /// cp1252 repair is applied, equals the CSV's except that the pickle keeps U+00A0 (no-break space) where the
    /// CSV has a plain space; speakers agree as a partition (one-hot index ↔ name), labels exactly.
    /// </summary>
    [SharedDataFact]
    public void Meld_pickle_and_csv_agree_dialogue_by_dialogue()
    {
        var pickle = DatasetLoader.Load(SharedData.PathOf("meld/meld.pkl")).Dialogues.ToDictionary(d => d.Id);
        var csv = DatasetLoader.Load(SharedData.PathOf("meld"));
        Assert.Equal(DatasetFormats.MeldCsv, csv.Format);
        Assert.Equal(11098, csv.Dialogues.Where(d => d.Split != Split.Test).Sum(d => d.Count));
        Assert.Equal(2610, csv.In(Split.Test).Sum(d => d.Count));
        Assert.Equal(1038 + 114, csv.Dialogues.Count(d => d.Split != Split.Test));
        Assert.DoesNotContain(csv.Dialogues, d => d.Id == "train/60");

        static string Normalise(string s) => s.Replace('\u00A0', ' ');
        foreach (var d in csv.Dialogues)
        {
            var parts = d.Id.Split('/');
            var offset = parts[0] switch { "train" => 0, "dev" => 1039, _ => 1153 };
            var p = pickle[(int.Parse(parts[1]) + offset).ToString()];
            Assert.Equal(d.Split, p.Split);
            Assert.Equal(d.Count, p.Count);
            var nameOf = new Dictionary<string, string>();
            var indexOf = new Dictionary<string, string>();
            for (var i = 0; i < d.Count; i++)
            {
                Assert.Equal(Normalise(d.Utterances[i].Text!), Normalise(p.Utterances[i].Text!));
                Assert.Equal(d.Utterances[i].Label, p.Utterances[i].Label);
                Assert.Equal(nameOf.TryAdd(p.Utterances[i].Speaker, d.Utterances[i].Speaker) ? d.Utterances[i].Speaker : nameOf[p.Utterances[i].Speaker], d.Utterances[i].Speaker);
                Assert.Equal(indexOf.TryAdd(d.Utterances[i].Speaker, p.Utterances[i].Speaker) ? p.Utterances[i].Speaker : indexOf[d.Utterances[i].Speaker], p.Utterances[i].Speaker);
            }
        }
    }
}
