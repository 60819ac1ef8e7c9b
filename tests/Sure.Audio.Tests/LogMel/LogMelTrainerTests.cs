using System.IO.Compression;
using Sure.Audio.LogMel;

namespace Sure.Audio.Tests.LogMel;

public sealed class LogMelTrainerTests(SyntheticFit shared) : IClassFixture<SyntheticFit>
{
    private static int ArgMax(float[] v) => LogMelMetrics.ArgMax(v);

    [Fact]
    public void LearnsASyntheticThreeClassTask()
    {
        var (data, fit) = (shared.Data, shared.Fit);
        var test = Enumerable.Range(0, data.Clips.Count).Where(i => !data.IsTrain[i]).ToArray();
        var train = Enumerable.Range(0, data.Clips.Count).Where(i => data.IsTrain[i]).ToArray();
        double testAcc = LogMelMetrics.Accuracy(test.Select(i => ArgMax(fit.Vectors[i]!)).ToArray(), test.Select(i => data.Labels[i]).ToArray());
        double trainAcc = LogMelMetrics.Accuracy(train.Select(i => ArgMax(fit.Vectors[i]!)).ToArray(), train.Select(i => data.Labels[i]).ToArray());
        Assert.True(testAcc >= 0.8, $"test accuracy {testAcc:F3} (chance 0.33)");
        Assert.True(trainAcc >= 0.7, $"cross-fitted training accuracy {trainAcc:F3} (chance 0.33)");
        Assert.Equal(3, fit.Encoder.Dim);
        Assert.True(fit.Encoder.AveragesFolds);
        Assert.All(fit.Vectors, v => Assert.InRange(v!.Sum(x => Math.Exp(x)), 0.999, 1.001));
    }

    [Fact]
    public void FoldsNeverSplitAGroupAndCoverOnlyTraining()
    {
        var (data, fit) = (shared.Data, shared.Fit);
        for (int i = 0; i < data.Clips.Count; i++)
        {
            if (!data.IsTrain[i]) { Assert.Equal(-1, fit.Fold[i]); continue; }
            Assert.InRange(fit.Fold[i], 0, 2);
            for (int j = 0; j < data.Clips.Count; j++)
                if (data.IsTrain[j] && data.Group[j] == data.Group[i]) Assert.Equal(fit.Fold[i], fit.Fold[j]);
        }
        Assert.Equal(3, fit.Fold.Where(f => f >= 0).Distinct().Count());
    }

    [Fact]
    public void ATrainingClipsVectorComesFromAModelThatNeverSawIt()
    {
        // changing the labels of fold k's clips (and of the test split) leaves fold k's vectors exactly as they were
        var (data, fit) = (shared.Data, shared.Fit);
        int k = fit.Fold[0];
        var changed = data.Labels.Select((c, i) => fit.Fold[i] == k || !data.IsTrain[i] ? (c + 1) % 3 : c).ToArray();
        var again = LogMelTrainer.FitCore(data.Clips, changed, data.Group, data.IsTrain, 3, SyntheticTones.Options, null);
        using var _ = again.Encoder;
        bool otherChanged = false;
        for (int i = 0; i < data.Clips.Count; i++)
        {
            if (fit.Fold[i] == k) Assert.Equal(fit.Vectors[i], again.Vectors[i]);
            else if (data.IsTrain[i] && !fit.Vectors[i]!.SequenceEqual(again.Vectors[i]!)) otherChanged = true;
        }
        Assert.True(otherChanged, "the other folds' models saw the changed labels");
    }

    [Fact]
    public void SameSeedAndThreadsGiveTheSameVectors()
    {
        var data = shared.Data;
        var again = LogMelTrainer.FitCrossFitted(data.Clips, data.Labels, data.Group, data.IsTrain, 3, SyntheticTones.Options);
        using var _ = again.Encoder;
        for (int i = 0; i < data.Clips.Count; i++) Assert.Equal(shared.Fit.Vectors[i], again.Vectors[i]);
    }

    [Fact]
    public void EncodeGivesTheTestVectorsAndSurvivesAZipRoundTrip()
    {
        var (data, fit) = (shared.Data, shared.Fit);
        var test = Enumerable.Range(0, data.Clips.Count).Where(i => !data.IsTrain[i]).ToArray();
        var clips = test.Select(i => data.Clips[i]!).ToList();
        var encoded = fit.Encoder.Encode(clips);
        for (int j = 0; j < test.Length; j++) Assert.Equal(fit.Vectors[test[j]], encoded[j]);

        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true)) fit.Encoder.WriteTo(zip, "audio/");
        memory.Position = 0;
        using var read = new ZipArchive(memory, ZipArchiveMode.Read);
        using var loaded = LogMelEncoder.ReadFrom(read, "audio/", "memory.zip");
        Assert.Equal(fit.Encoder.Dim, loaded.Dim);
        Assert.Equal(fit.Encoder.Options, loaded.Options);
        var again = loaded.Encode(clips);
        for (int j = 0; j < clips.Count; j++) Assert.Equal(encoded[j], again[j]);
    }

    [Fact]
    public void HiddenExportUsesAFullModelAndNullClipsGetNullVectors()
    {
        var data = new SyntheticTones(train: 18, test: 6, seed: 3);
        data.Clips[1] = null;
        data.Clips[20] = null;
        var o = SyntheticTones.Options with { Export = LogMelOptions.HiddenExport, TestFrom = LogMelOptions.FullTestFrom, Epochs = 2, Folds = 2 };
        var (vectors, encoder) = LogMelTrainer.FitCrossFitted(data.Clips, data.Labels, data.Group, data.IsTrain, 3, o);
        using var _ = encoder;
        Assert.Equal(16, encoder.Dim);
        Assert.False(encoder.AveragesFolds);
        Assert.Null(vectors[1]);
        Assert.Null(vectors[20]);
        Assert.All(vectors.Where((v, i) => i != 1 && i != 20), v => Assert.Equal(16, v!.Length));
        Assert.Throws<Errors.SureUserException>(() => (o with { TestFrom = LogMelOptions.FoldsTestFrom }).Validate());
    }
}
