using Sure.Data;
using Sure.Text;

namespace Sure.Tests.Text;

public class TextCnnTrainingTests
{
    [Fact]
    public void LearnsATinyCorpus()
    {
        var ds = TextFixtures.Corpus(trainDialogues: 60);
        var vectors = TextFixtures.Vectors();
        var reports = new List<TextCnnProgress>();
        var extractor = new TextCnnFeatureExtractor(TextFixtures.SmallOptions(epochs: 10), reports.Add);
        var features = extractor.Extract(ds, vectors);

        var (epochs, best, validF1, _) = extractor.LastTraining;
        Assert.Equal(10, epochs);
        Assert.InRange(best, 1, 10);
        Assert.True(validF1 > 0.85, $"valid weighted F1 {validF1:F3} after training on a separable two-class corpus (chance 0.5)");
        Assert.Contains(reports, r => r.IsSummary && r.Message.Contains("epoch 10/10"));
        Assert.Contains(reports, r => r.Stage == "export" && r.Fraction == 1);

        // the exported (frozen) features separate the test split: nearest class mean of the training features
        var trainF = ds.Dialogues.Select((d, i) => (d, i)).Where(x => x.d.Split == Split.Train)
            .SelectMany(x => x.d.Utterances.Select((u, j) => (u.Label, F: features[x.i][j]))).ToList();
        var means = Enumerable.Range(0, 2).Select(c => Mean(trainF.Where(t => t.Label == c).Select(t => t.F))).ToArray();
        int correct = 0, total = 0;
        for (int i = 0; i < ds.Dialogues.Count; i++)
        {
            if (ds.Dialogues[i].Split != Split.Test) continue;
            for (int j = 0; j < ds.Dialogues[i].Count; j++, total++)
                if ((Dist(features[i][j], means[1]) < Dist(features[i][j], means[0]) ? 1 : 0) == ds.Dialogues[i].Utterances[j].Label) correct++;
        }
        Assert.True(correct >= 0.8 * total, $"test accuracy of the features {correct}/{total}");
        Assert.Null(ds.Dialogues[0].Utterances[0][Modality.Text]); // Extract leaves the dataset alone
    }

    [Fact]
    public void SameSeedSameFeatures()
    {
        var ds = TextFixtures.Corpus(trainDialogues: 8, validDialogues: 2, testDialogues: 2);
        var vectors = TextFixtures.Vectors();
        var o = TextFixtures.SmallOptions(epochs: 2);
        var a = new TextCnnFeatureExtractor(o).Extract(ds, vectors);
        var b = new TextCnnFeatureExtractor(o).Extract(ds, vectors);
        var c = new TextCnnFeatureExtractor(o with { Seed = 2 }).Extract(ds, vectors);
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < a[i].Length; j++)
                Assert.Equal(a[i][j], b[i][j]);
        Assert.NotEqual(a[0][0], c[0][0]);
    }

    [Fact]
    public void UntrainedExtractionNeedsNoLabels()
    {
        var ds = TextFixtures.Corpus(2, 0, 1);
        foreach (var u in ds.Dialogues.SelectMany(d => d.Utterances)) u.Label = -1;
        new TextCnnFeatureExtractor(TextFixtures.SmallOptions(epochs: 0)).Run(ds, TextFixtures.Vectors());
        Assert.All(ds.Dialogues.SelectMany(d => d.Utterances), u => Assert.Equal(8, u[Modality.Text]!.Length));
        var withEpochs = new TextCnnFeatureExtractor(TextFixtures.SmallOptions(epochs: 1));
        var e = Assert.Throws<Sure.Errors.SureDataException>(() => withEpochs.Extract(ds, TextFixtures.Vectors()));
        Assert.Contains("no labelled utterance", e.Message);
    }

    private static float[] Mean(IEnumerable<float[]> rows)
    {
        var list = rows.ToList();
        var m = new float[list[0].Length];
        foreach (var r in list) for (int k = 0; k < m.Length; k++) m[k] += r[k] / list.Count;
        return m;
    }

    private static double Dist(float[] a, float[] b) => a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum();
}
