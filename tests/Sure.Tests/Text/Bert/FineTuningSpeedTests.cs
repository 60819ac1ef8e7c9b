using Sure.Data;
using Sure.Data.Formats;
using Sure.Text;
using Sure.Text.Bert;
using static TorchSharp.torch;

namespace Sure.Tests.Text.Bert;

/// <summary>The fine-tuning's speed settings (issue 24 item 6): length-bucketed batches, frozen lower layers.</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class FineTuningSpeedTests
{
    private static readonly BertFineTuneOptions Tiny = new() { Epochs = 1, MaxTokens = 16, Lr = 1e-4, BatchSize = 16, Patience = 0 };

    private static (int D, int U)[] Items(int n) => Enumerable.Range(0, n).Select(i => (0, i)).ToArray();

    [Fact]
    public void BatchesAreSortedWithinChunksAndPaddedOnlyToTheirOwnLongest()
    {
        // lengths of items 0..9; batch 2, chunks of 2 batches = 4 items, no shuffling (rng null), worked by hand:
        // chunk 0..3 lengths 5 1 4 1 → sorted (stable) 1 3 2 0; chunk 4..7 lengths 3 9 2 6 → 6 4 7 5; chunk 8..9 → 9 8
        int[] length = [5, 1, 4, 1, 3, 9, 2, 6, 5, 3];
        var batches = TextTraining.Batches(Items(10), x => length[x.U], 2, null, blockBatches: 2);
        Assert.Equal([[1, 3], [2, 0], [6, 4], [7, 5], [9, 8]], batches.Select(b => b.Select(x => x.U).ToArray()).ToArray());
        // each batch padded to its own longest: 2·(1 + 5 + 3 + 9 + 5) = 46 word pieces for 39 real ones
        Assert.Equal(46, batches.Sum(b => b.Length * b.Max(x => length[x.U])));
        Assert.Equal(39, length.Sum());

        // one batch per chunk = no bucketing: consecutive pairs (each sorted inside), 2·(5 + 4 + 9 + 6 + 5) = 58
        var unsorted = TextTraining.Batches(Items(10), x => length[x.U], 2, null, blockBatches: 1);
        Assert.Equal([[1, 0], [3, 2], [4, 5], [6, 7], [9, 8]], unsorted.Select(b => b.Select(x => x.U).ToArray()).ToArray());
        Assert.Equal(58, unsorted.Sum(b => b.Length * b.Max(x => length[x.U])));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(16)]
    public void EveryUtteranceIsInExactlyOneBatchOfEveryEpochAndTheSeedDecidesTheBatches(int bucket)
    {
        var length = Enumerable.Range(0, 23).Select(i => 1 + i * 7 % 11).ToArray();
        List<(int D, int U)[]>[] Epochs(int seed)
        {
            var order = Items(23);
            var rng = new Random(seed);
            return Enumerable.Range(0, 3).Select(_ => BertFineTuner.EpochBatches(order, x => length[x.U], 4, bucket, rng)).ToArray();
        }
        var a = Epochs(5);
        foreach (var epoch in a)
        {
            Assert.Equal(6, epoch.Count);                                        // ⌈23 / 4⌉
            Assert.Equal(Enumerable.Range(0, 23), epoch.SelectMany(b => b).Select(x => x.U).Order());
            Assert.All(epoch, b => Assert.InRange(b.Length, 1, 4));
        }
        Assert.NotEqual(a[0].SelectMany(b => b), a[1].SelectMany(b => b));    // reshuffled every epoch
        var b2 = Epochs(5);
        for (int e = 0; e < 3; e++) Assert.Equal(a[e].SelectMany(b => b), b2[e].SelectMany(b => b));  // same seed, same batches
        Assert.NotEqual(a[0].SelectMany(b => b), Epochs(6)[0].SelectMany(b => b));
    }

    [Fact]
    public void FreezingTheLowerLayersStopsTheirGradientsAndLeavesTheRest()
    {
        using var bert = PretrainedTextModel.MiniLm.CreateTorchModel();
        var frozen = BertFineTuner.Freeze(bert, 3);
        foreach (var (name, p) in bert.named_parameters())
        {
            bool lower = name.StartsWith("embeddings.") || name.StartsWith("encoder.layer.0.") || name.StartsWith("encoder.layer.1.") || name.StartsWith("encoder.layer.2.");
            Assert.Equal(!lower, p.requires_grad);
            Assert.Equal(lower, frozen.Contains(name));
        }
        Assert.Equal(3 + 2 + 3 * 16, frozen.Count); // 3 embedding tables + LayerNorm weight and bias, 16 tensors per layer

        // a backward pass computes no gradient for the frozen parameters and one for every other
        bert.train();
        using (var scope = NewDisposeScope())
        {
            var ids = tensor(new long[] { 101, 7592, 2088, 102, 101, 2748, 102, 0 }, [2, 4]);
            var mask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 0 }, [2, 4]);
            bert.call(ids, mask).pow(2).sum().backward();
        }
        foreach (var (name, p) in bert.named_parameters())
        {
            if (frozen.Contains(name)) Assert.True(p.grad is null, $"{name} got a gradient");
            else if (!name.StartsWith("pooler.")) Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} got no gradient");
        }
        Assert.Empty(BertFineTuner.Freeze(bert, 0));
        var e = Assert.Throws<Sure.Errors.SureUserException>(() => BertFineTuner.Freeze(bert, 7));
        Assert.Contains("encoder.freezeLayers", e.Message);
        Assert.Contains("6 layers", e.Message);
    }

    [Fact]
    public void AFineTuningWithFrozenLayersKeepsThemAsPretrainedAndRecordsIt()
    {
        var ds = DatasetLoader.Load(Sure.Tests.Text.TranscriptPipelineTests.Files().Data, new DatasetLoadOptions(), out _);
        var tuner = new BertFineTuner(PretrainedTextModel.MiniLm, Tiny with { FreezeLayers = 3 });
        tuner.Extract(ds);
        using var package = PretrainedTextModel.MiniLm.CreateTorchModel();
        var before = Sure.IO.TensorData.FromModule(package).ToDictionary(t => t.Name);
        var after = tuner.LastFrontEnd!.Weights.ToDictionary(t => t.Name);
        foreach (var (name, t) in after)
        {
            bool lower = name.StartsWith("embeddings.") || name.StartsWith("encoder.layer.0.") || name.StartsWith("encoder.layer.1.") || name.StartsWith("encoder.layer.2.");
            bool changed = !before[name].Data.SequenceEqual(t.Data);
            if (lower) Assert.False(changed, $"{name} was frozen but changed");
            else if (name.StartsWith("encoder.")) Assert.True(changed, $"{name} was trained but did not change");
        }
        Assert.Equal(3, tuner.LastReport.FreezeLayers);
        Assert.Equal(3, tuner.LastFrontEnd.Report!.FreezeLayers);
        Assert.Equal(BertFineTuneOptions.DefaultBucketBatches, tuner.LastReport.BucketBatches);
        Assert.InRange(tuner.LastReport.PaddingShare, 0, 1);
    }

    [Fact]
    public void BothSettingsAreInTheCacheKeyAndTheDefaultsKeepTheOldKey()
    {
        var tok = PretrainedTextModel.MiniLm.CreateTokenizer(Tiny.MaxTokens);
        string Key(BertFineTuneOptions o) => FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, o, 1);
        Assert.NotEqual(Key(Tiny), Key(Tiny with { FreezeLayers = 3 }));
        Assert.NotEqual(Key(Tiny), Key(Tiny with { BucketBatches = 1 }));
        Assert.Equal(Key(Tiny), Key(Tiny with { BucketBatches = 16 }));
        Assert.DoesNotContain("freeze", Key(Tiny));
        Assert.DoesNotContain("bucket", Key(Tiny));
        Assert.Throws<Sure.Errors.SureUserException>(() => (Tiny with { FreezeLayers = -1 }).Validate());
        Assert.Throws<Sure.Errors.SureUserException>(() => (Tiny with { BucketBatches = 0 }).Validate());
    }
}
