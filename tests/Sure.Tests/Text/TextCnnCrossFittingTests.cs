using Sure.Data;
using Sure.Text;
using Sure.Configuration;

namespace Sure.Tests.Text;

public class TextCnnCrossFittingTests
{
    [Fact]
    public void FoldsCoverEveryTrainingDialogueOnceAndAreSeeded()
    {
        var ds = TextFixtures.Corpus(trainDialogues: 11, validDialogues: 2, testDialogues: 3);
        var folds = TextTraining.FoldOf(ds, 3, seed: 4, "TextCNN");
        for (int d = 0; d < ds.Dialogues.Count; d++)
            if (ds.Dialogues[d].Split == Split.Train) Assert.InRange(folds[d], 0, 2);
            else Assert.Equal(-1, folds[d]);
        var sizes = Enumerable.Range(0, 3).Select(k => folds.Count(f => f == k)).ToArray();
        Assert.Equal(11, sizes.Sum());
        Assert.True(sizes.Max() - sizes.Min() <= 1, $"fold sizes {string.Join(",", sizes)}");
        Assert.Equal(folds, TextTraining.FoldOf(ds, 3, seed: 4, "TextCNN"));
        Assert.NotEqual(folds, TextTraining.FoldOf(ds, 3, seed: 5, "TextCNN"));
    }

    [Fact]
    public void TrainingFeaturesAreOutOfFoldAndTheOthersUnchanged()
    {
        var ds = TextFixtures.Corpus(trainDialogues: 12, validDialogues: 2, testDialogues: 2);
        var vectors = TextFixtures.Vectors();
        var plain = TextFixtures.SmallOptions(epochs: 2);
        var a = new TextCnnFeatureExtractor(plain).Extract(ds, vectors);
        var reports = new List<TextCnnProgress>();
        var b = new TextCnnFeatureExtractor(plain with { Folds = 3 }, reports.Add).Extract(ds, vectors);
        for (int d = 0; d < ds.Dialogues.Count; d++)
            for (int u = 0; u < ds.Dialogues[d].Count; u++)
            {
                Assert.NotNull(b[d][u]);
                if (ds.Dialogues[d].Split == Split.Train) Assert.NotEqual(a[d][u], b[d][u]);
                else Assert.Equal(a[d][u], b[d][u]); // valid and test: the model of the whole training split
            }
        Assert.Contains(reports, r => r.IsSummary && r.Message.StartsWith("fold 3/3: TextCNN epoch 2/2"));
        Assert.Contains(reports, r => r.IsSummary && r.Message.StartsWith("full training split: TextCNN epoch"));
    }

    [Fact]
    public void MoreFoldsThanTrainingDialoguesIsAClearError()
    {
        var ds = TextFixtures.Corpus(trainDialogues: 2, validDialogues: 1, testDialogues: 1);
        var e = Assert.Throws<Sure.Errors.SureDataException>(() =>
            new TextCnnFeatureExtractor(TextFixtures.SmallOptions(epochs: 1) with { Folds = 3 }).Extract(ds, TextFixtures.Vectors()));
        Assert.Contains("at least 3 training dialogues", e.Message);
        Assert.Throws<Sure.Errors.SureUserException>(() => (TextFixtures.SmallOptions() with { Folds = -1 }).Validate());
    }

    [Fact]
    public void FoldsArePartOfTheCacheKey()
    {
        var ds = TextFixtures.Corpus(trainDialogues: 4, validDialogues: 1, testDialogues: 1);
        var path = typeof(TextCnnCrossFittingTests).Assembly.Location; // any existing file stands for the vectors
        var o = TextFixtures.SmallOptions();
        Assert.NotEqual(TextFeatureCache.Key(ds, path, o), TextFeatureCache.Key(ds, path, o with { Folds = 5 }));
        Assert.Equal(TextFeatureCache.Key(ds, path, o), TextFeatureCache.Key(ds, path, o with { Folds = 1 })); // 0 and 1 both mean off
    }

    [Fact]
    public void LogProbsAreDistributionsAndCrossFittedOnEverySplit()
    {
        var ds = TextFixtures.Corpus(trainDialogues: 12, validDialogues: 2, testDialogues: 2);
        var vectors = TextFixtures.Vectors();
        var o = TextFixtures.SmallOptions(epochs: 2) with { Export = TextCnnOptions.LogProbsExport };
        var plain = new TextCnnFeatureExtractor(o).Extract(ds, vectors);
        var fitted = new TextCnnFeatureExtractor(o with { Folds = 3 }).Extract(ds, vectors);
        for (int d = 0; d < ds.Dialogues.Count; d++)
            for (int u = 0; u < ds.Dialogues[d].Count; u++)
                foreach (var row in new[] { plain[d][u], fitted[d][u] })
                {
                    Assert.Equal(ds.ClassCount, row.Length);
                    Assert.All(row, v => Assert.True(v <= 1e-6 && float.IsFinite(v)));
                    Assert.Equal(1.0, row.Sum(v => Math.Exp(v)), 4);
                }
        // with folds, valid and test come from the fold models too (mean of their probabilities), not the full model
        var heldOut = Enumerable.Range(0, ds.Dialogues.Count).Where(d => ds.Dialogues[d].Split != Split.Train);
        Assert.Contains(heldOut, d => !plain[d][0].SequenceEqual(fitted[d][0]));
        Assert.Equal(TextTraining.FoldOf(ds, 3, 1, "TextCNN").Length, ds.Dialogues.Count);
    }

    [Fact]
    public void ExportIsValidatedAndPartOfTheCacheKey()
    {
        var ds = TextFixtures.Corpus(trainDialogues: 4, validDialogues: 1, testDialogues: 1);
        var path = typeof(TextCnnCrossFittingTests).Assembly.Location;
        var o = TextFixtures.SmallOptions();
        Assert.NotEqual(TextFeatureCache.Key(ds, path, o), TextFeatureCache.Key(ds, path, o with { Export = TextCnnOptions.LogProbsExport }));
        var e = Assert.Throws<Sure.Errors.SureUserException>(() => (o with { Export = "logits" }).Validate());
        Assert.Contains("export", e.Message);
        Assert.Equal(2, (o with { Export = TextCnnOptions.LogProbsExport }).ExportSize(2));
        Assert.Equal(o.FeatureSize, o.ExportSize(2));
    }
}
