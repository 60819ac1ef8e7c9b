using Sure.Configuration;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Text.Bert;
using Xunit.Abstractions;

namespace Sure.Tests.Text.Bert;

/// <summary>Fine-tuning the packaged MiniLM on a tiny two-class transcript corpus (max 16 tokens, a few steps).</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class BertFineTunerTests(ITestOutputHelper output)
{
    private static readonly BertFineTuneOptions Tiny = new() { Epochs = 2, MaxTokens = 16, Lr = 1e-4, BatchSize = 16, Patience = 0 };

    private static ConversationDataset Corpus() => DatasetLoader.Load(Sure.Tests.Text.TranscriptPipelineTests.Files().Data, new DatasetLoadOptions(), out _);

    private static double Cosine(float[] a, float[] b) => a.Zip(b).Sum(p => (double)p.First * p.Second); // unit vectors

    [Fact]
    public void FineTuningLowersTheLossChangesTheWeightsAndSeparatesTheClasses()
    {
        var ds = Corpus();
        var model = PretrainedTextModel.MiniLm;
        var tuner = new BertFineTuner(model, Tiny, p => { if (p.IsSummary) output.WriteLine(p.Message); });
        var features = tuner.Extract(ds);
        output.WriteLine($"epoch losses: {string.Join(", ", tuner.LastEpochLosses.Select(l => l.ToString("F4")))}");
        Assert.Equal(2, tuner.LastEpochLosses.Count);
        Assert.True(tuner.LastEpochLosses[1] < tuner.LastEpochLosses[0], "the training loss did not fall");

        // the weights moved away from the package's
        using var frozen = model.CreateTorchModel();
        var before = Sure.IO.TensorData.FromModule(frozen).ToDictionary(t => t.Name);
        var after = tuner.LastFrontEnd!.Weights.ToDictionary(t => t.Name);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        var q = "encoder.layer.5.attention.self.query.weight";
        Assert.True(before[q].Data.Zip(after[q].Data).Max(p => Math.Abs(p.First - p.Second)) > 1e-6);
        // … except the word-embedding table, kept as pretrained by default
        Assert.Equal(before["embeddings.word_embeddings.weight"].Data, after["embeddings.word_embeddings.weight"].Data);
        Assert.Equal(2, tuner.LastReport.EpochsRun);
        Assert.Equal(2, tuner.LastFrontEnd.Report!.EpochsRun);

        // unit-norm features, and a positive and a negative utterance further apart than the frozen vectors put them
        var utts = ds.Dialogues.SelectMany(d => d.Utterances).ToList();
        var all = features.SelectMany(d => d).ToList();
        Assert.All(all, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 4));
        int pos = utts.FindIndex(u => u.Label == 0), neg = utts.FindIndex(u => u.Label == 1);
        using var frozenEncoder = new TorchSentenceEncoder(model, Tiny.MaxTokens);
        var fv = frozenEncoder.Encode([utts[pos].Text, utts[neg].Text]).Vectors;
        double cosFrozen = Cosine(fv[0], fv[1]), cosTuned = Cosine(all[pos], all[neg]);
        output.WriteLine($"cosine(pos, neg): frozen {cosFrozen:F4}, fine-tuned {cosTuned:F4}");
        Assert.True(cosTuned < cosFrozen);
    }

    [Fact]
    public void SameSeedSameFeaturesAndTheCacheGivesThemBackWithTheEncoder()
    {
        var options = Tiny with { Epochs = 1 };
        var dir = Path.Combine(Path.GetTempPath(), "sure-tests", Guid.NewGuid().ToString("N"));
        try
        {
            int threads = TorchSharp.torch.get_num_threads();
            var a = Corpus();
            var b = Corpus();
            var logs = new List<string>();
            var encA = FineTunedTextFeatures.Ensure(a, PretrainedTextModel.MiniLm, options, threads, Path.Combine(dir, "1"), logs.Add);
            FineTunedTextFeatures.Ensure(b, PretrainedTextModel.MiniLm, options, threads, Path.Combine(dir, "2"), logs.Add);
            var fa = a.Dialogues.SelectMany(d => d.Utterances).Select(u => u[Modality.Text]!).ToList();
            var fb = b.Dialogues.SelectMany(d => d.Utterances).Select(u => u[Modality.Text]!).ToList();
            for (int i = 0; i < fa.Count; i++) Assert.Equal(fa[i], fb[i]); // bit for bit

            var c = Corpus();
            var encC = FineTunedTextFeatures.Ensure(c, PretrainedTextModel.MiniLm, options, threads, Path.Combine(dir, "1"), logs.Add);
            Assert.Contains(logs, l => l.Contains("read from cache"));
            var fc = c.Dialogues.SelectMany(d => d.Utterances).Select(u => u[Modality.Text]!).ToList();
            for (int i = 0; i < fa.Count; i++) Assert.Equal(fa[i], fc[i]);
            Assert.Equal("minilm-ft", encC.Kind);
            Assert.Equal(encA.Weights.Select(t => t.Data), encC.Weights.Select(t => t.Data));

            // the re-created encoder gives the features back
            using var encoder = encC.CreateTorchEncoder("test");
            var again = encoder.Encode(c.Dialogues.SelectMany(d => d.Utterances).Select(u => u.Text).ToList()).Vectors;
            double max = fa.Zip(again).Max(p => p.First.Zip(p.Second).Max(x => Math.Abs(x.First - x.Second)));
            Assert.True(max < 1e-5, $"re-created encoder differs by {max}");

            // any fine-tuning setting changes the key
            var tok = PretrainedTextModel.MiniLm.CreateTokenizer(options.MaxTokens);
            Assert.NotEqual(FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, options, threads),
                FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, options with { Seed = 2 }, threads));
            Assert.NotEqual(FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, options, threads),
                FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, options with { Lr = 3e-5 }, threads));
            Assert.NotEqual(FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, options, threads),
                FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, options with { Context = 2 }, threads));
            Assert.NotEqual(FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, options, threads),
                FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, options with { FreezeWordEmbeddings = false }, threads));
            Assert.NotEqual(FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, options, threads),
                FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, options, threads + 1));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void WithoutALogTheFeaturesAreStillCached()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sure-tests", Guid.NewGuid().ToString("N"));
        try
        {
            int threads = TorchSharp.torch.get_num_threads();
            FineTunedTextFeatures.Ensure(Corpus(), PretrainedTextModel.MiniLm, Tiny with { Epochs = 1 }, threads, dir, log: null);
            PretrainedTextFeatures.Ensure(Corpus(), PretrainedTextModel.MiniLm, 1, dir, log: null);
            var logs = new List<string>();
            FineTunedTextFeatures.Ensure(Corpus(), PretrainedTextModel.MiniLm, Tiny with { Epochs = 1 }, threads, dir, logs.Add);
            PretrainedTextFeatures.Ensure(Corpus(), PretrainedTextModel.MiniLm, 1, dir, logs.Add);
            Assert.Equal(2, logs.Count(l => l.Contains("read from cache")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void CrossFittedTrainingVectorsComeFromAnEncoderThatNeverSawTheirDialogue()
    {
        var ds = Corpus(); // 8 training dialogues, 2 valid, 2 test
        var options = Tiny with { Epochs = 1, Folds = 2 };
        var tuner = new BertFineTuner(PretrainedTextModel.MiniLm, options, p => { if (p.IsSummary) output.WriteLine(p.Message); });
        var features = tuner.Extract(ds);
        var trainDialogues = Enumerable.Range(0, ds.Dialogues.Count).Where(d => ds.Dialogues[d].Split == Split.Train).ToHashSet();
        Assert.Equal(8, trainDialogues.Count);

        // what each encoder was fine-tuned on: the full one every training dialogue, the two fold ones disjoint halves
        Assert.Equal(3, tuner.LastTrainedOn.Count);
        Assert.True(tuner.LastTrainedOn[-1].SetEquals(trainDialogues));
        Assert.Equal(4, tuner.LastTrainedOn[0].Count);
        Assert.Equal(4, tuner.LastTrainedOn[1].Count);
        Assert.Empty(tuner.LastTrainedOn[0].Intersect(tuner.LastTrainedOn[1]));
        Assert.True(tuner.LastTrainedOn[0].Union(tuner.LastTrainedOn[1]).ToHashSet().SetEquals(trainDialogues));

        // no training utterance's vector comes from an encoder that saw its dialogue; valid/test from the full-split encoder
        for (int d = 0; d < ds.Dialogues.Count; d++)
            for (int u = 0; u < ds.Dialogues[d].Utterances.Count; u++)
            {
                int source = tuner.LastSources[d][u];
                if (trainDialogues.Contains(d))
                {
                    Assert.InRange(source, 0, 1);
                    Assert.DoesNotContain(d, tuner.LastTrainedOn[source]);
                }
                else Assert.Equal(-1, source);
            }

        // the vectors themselves: the kept (full-split) encoder gives back exactly the valid/test ones, not the training ones
        using var encoder = tuner.LastFrontEnd!.CreateTorchEncoder("test");
        for (int d = 0; d < ds.Dialogues.Count; d++)
        {
            var again = encoder.Encode(ds.Dialogues[d].Utterances.Select(u => u.Text).ToList()).Vectors;
            for (int u = 0; u < again.Length; u++)
            {
                double diff = again[u].Zip(features[d][u]).Max(x => Math.Abs(x.First - x.Second));
                if (trainDialogues.Contains(d)) Assert.True(diff > 1e-4, $"training dialogue {d} utterance {u}: the full-split encoder's vector (diff {diff})");
                else Assert.True(diff < 1e-5, $"dialogue {d} utterance {u}: differs from the full-split encoder's vector by {diff}");
            }
        }
        Assert.Equal(2, tuner.LastReport.Folds);
        Assert.Equal(2, tuner.LastFrontEnd.Report!.Folds);

        // K is in the cache key; 0 and 1 both mean off
        var tok = PretrainedTextModel.MiniLm.CreateTokenizer(options.MaxTokens);
        string Key(BertFineTuneOptions o) => FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, o, 1);
        Assert.NotEqual(Key(options), Key(options with { Folds = 3 }));
        Assert.NotEqual(Key(options), Key(options with { Folds = 0 }));
        Assert.Equal(Key(options with { Folds = 0 }), Key(options with { Folds = 1 }));
    }

    [Fact]
    public void CrossFittingReusesTheCachedFullSplitEncoderAndGivesTheSameFeaturesAsFineTuningItAgain()
    {
        var plain = Tiny with { Epochs = 1 };
        var crossFitted = plain with { Folds = 2 };
        using var tmp = new Sure.Tests.Data.TempDir();
        var dir = tmp.Path;
        int threads = TorchSharp.torch.get_num_threads();
        static List<float[]> Vectors(ConversationDataset ds) => ds.Dialogues.SelectMany(d => d.Utterances).Select(u => u[Modality.Text]!).ToList();

        // fresh: an empty cache, so the full-split encoder and both fold encoders are fine-tuned
        var fresh = Corpus();
        var freshLogs = new List<string>();
        var freshEncoder = FineTunedTextFeatures.Ensure(fresh, PretrainedTextModel.MiniLm, crossFitted, threads, Path.Combine(dir, "fresh"), freshLogs.Add);
        Assert.DoesNotContain(freshLogs, l => l.Contains("full-split encoder read from cache"));

        // reused: a run without folds first, then the cross-fitted run reads its encoder instead of fine-tuning it again
        var reusedDir = Path.Combine(dir, "reused");
        FineTunedTextFeatures.Ensure(Corpus(), PretrainedTextModel.MiniLm, plain, threads, reusedDir, log: null);
        var reused = Corpus();
        var logs = new List<string>();
        var reusedEncoder = FineTunedTextFeatures.Ensure(reused, PretrainedTextModel.MiniLm, crossFitted, threads, reusedDir, logs.Add);
        Assert.Contains(logs, l => l.Contains("full-split encoder read from cache"));
        // one epoch line per fine-tuned encoder: the two fold encoders here, all three when fresh
        Assert.Equal(2, logs.Count(l => l.Contains("fine-tuning epoch 1/1:")));
        Assert.Equal(3, freshLogs.Count(l => l.Contains("fine-tuning epoch 1/1:")));
        var f = Vectors(fresh);
        var r = Vectors(reused);
        for (int i = 0; i < f.Count; i++) Assert.Equal(f[i], r[i]); // bit for bit, training (fold) and valid/test (full) vectors
        Assert.Equal(freshEncoder.Weights.Select(t => t.Data), reusedEncoder.Weights.Select(t => t.Data));
        Assert.Equal(2, reusedEncoder.Report!.Folds);
        Assert.Equal(freshEncoder.Report!.Valid, reusedEncoder.Report.Valid);
    }

    [Fact]
    public void CrossFittingReusesTheFullSplitEncoderOfACrossFittedRunWithAnotherK()
    {
        using var tmp = new Sure.Tests.Data.TempDir();
        var dir = tmp.Path;
        int threads = TorchSharp.torch.get_num_threads();
        var two = Corpus();
        var twoEncoder = FineTunedTextFeatures.Ensure(two, PretrainedTextModel.MiniLm, Tiny with { Epochs = 1, Folds = 2 }, threads, dir, log: null);
        var three = Corpus();
        var logs = new List<string>();
        var threeEncoder = FineTunedTextFeatures.Ensure(three, PretrainedTextModel.MiniLm, Tiny with { Epochs = 1, Folds = 3 }, threads, dir, logs.Add);
        Assert.Contains(logs, l => l.Contains("full-split encoder read from cache") && l.Contains("cross-fitted over 2 folds"));
        Assert.Equal(3, logs.Count(l => l.Contains("fine-tuning epoch 1/1:"))); // the three fold encoders only
        Assert.Equal(twoEncoder.Weights.Select(t => t.Data), threeEncoder.Weights.Select(t => t.Data));
        Assert.Equal(3, threeEncoder.Report!.Folds);
        // valid/test vectors come from the full-split encoder in both runs: the same bit for bit
        for (int d = 0; d < two.Dialogues.Count; d++)
            if (two.Dialogues[d].Split != Split.Train)
                for (int u = 0; u < two.Dialogues[d].Utterances.Count; u++)
                    Assert.Equal(two.Dialogues[d].Utterances[u][Modality.Text], three.Dialogues[d].Utterances[u][Modality.Text]);
    }

    [Fact]
    public void TheFoldAverageIsTheNormalisedMeanOfTheFoldEncodersVectorsWhereTheFullSplitEncoderWasUsed()
    {
        var ds = Corpus(); // 8 training dialogues, 2 valid, 2 test
        var options = Tiny with { Epochs = 1, Folds = 2 };
        var tuner = new BertFineTuner(PretrainedTextModel.MiniLm, options);
        var features = tuner.Extract(ds);
        var average = tuner.LastFoldAverage!;

        // each fold encoder made independently: a run without folds on the dataset without the training dialogues it
        // did not see (same order, same seed, same validation split), so its valid/test vectors are that encoder's
        var fold = new float[2][][][];
        for (int k = 0; k < 2; k++)
        {
            var seen = tuner.LastTrainedOn[k];
            var reduced = new ConversationDataset
            {
                Name = ds.Name, ClassNames = ds.ClassNames,
                Dialogues = ds.Dialogues.Where((d, i) => d.Split != Split.Train || seen.Contains(i)).ToList(),
            };
            var alone = new BertFineTuner(PretrainedTextModel.MiniLm, Tiny with { Epochs = 1 }).Extract(reduced);
            var map = reduced.Dialogues.Select(d => ds.Dialogues.IndexOf(d)).ToArray();
            fold[k] = new float[ds.Dialogues.Count][][];
            for (int i = 0; i < map.Length; i++) fold[k][map[i]] = alone[i];
        }
        for (int d = 0; d < ds.Dialogues.Count; d++)
            for (int u = 0; u < ds.Dialogues[d].Utterances.Count; u++)
            {
                if (ds.Dialogues[d].Split == Split.Train)
                {
                    Assert.Equal(features[d][u], average[d][u]); // training vectors: cross-fitted, as Extract returned them
                    continue;
                }
                var sum = fold[0][d][u].Zip(fold[1][d][u], (a, b) => (double)a + b).ToArray();
                double norm = Math.Sqrt(sum.Sum(v => v * v));
                double diff = sum.Zip(average[d][u], (e, a) => Math.Abs(e / norm - a)).Max();
                Assert.True(diff < 1e-5, $"dialogue {d} utterance {u}: the fold average differs from the normalised mean by {diff}");
                Assert.True(features[d][u].Zip(average[d][u]).Max(x => Math.Abs(x.First - x.Second)) > 1e-4); // not the full-split encoder's
            }
    }

    [Fact]
    public void TheFoldAverageSettingFineTunesOnlyTheFoldEncodersAndACrossFittedRunsCacheEntryServesIt()
    {
        using var tmp = new Sure.Tests.Data.TempDir();
        int threads = TorchSharp.torch.get_num_threads();
        var crossFitted = Tiny with { Epochs = 1, Folds = 2 };
        var averaged = crossFitted with { FoldAverage = true };
        static List<float[]> Vectors(ConversationDataset ds) => ds.Dialogues.SelectMany(d => d.Utterances).Select(u => u[Modality.Text]!).ToList();

        // on an empty cache: the two fold encoders are fine-tuned, no full-split one
        var fresh = Corpus();
        var freshLogs = new List<string>();
        var freshEncoders = FineTunedTextFeatures.EnsureEncoders(fresh, PretrainedTextModel.MiniLm, averaged, threads, Path.Combine(tmp.Path, "fresh"), freshLogs.Add);
        Assert.Equal(2, freshEncoders.Count);
        Assert.Equal(2, freshLogs.Count(l => l.Contains("fine-tuning epoch 1/1:")));
        Assert.DoesNotContain(freshLogs, l => l.Contains("full training split:"));

        // an ordinary cross-fitted run caches the fold-average variant (checked against independently made fold encoders in
        // TheFoldAverageIsTheNormalisedMean…) and its fold encoders, which then serve the setting with no fine-tuning
        var sharedDir = Path.Combine(tmp.Path, "shared");
        FineTunedTextFeatures.Ensure(Corpus(), PretrainedTextModel.MiniLm, crossFitted, threads, sharedDir, log: null); // no log: the cache is still written
        var served = Corpus();
        var logs = new List<string>();
        var servedEncoders = FineTunedTextFeatures.EnsureEncoders(served, PretrainedTextModel.MiniLm, averaged, threads, sharedDir, logs.Add);
        Assert.False(logs.Any(l => l.Contains("fine-tuning epoch")), string.Join("\n", logs));
        Assert.Contains(logs, l => l.Contains("the mean of 2 fold encoders") && l.Contains("read from cache"));
        // the two paths (fold encoders alone; a full run's variant) give the same vectors and encoders, bit for bit
        var f = Vectors(fresh);
        var r = Vectors(served);
        for (int i = 0; i < f.Count; i++) Assert.Equal(f[i], r[i]);
        for (int k = 0; k < 2; k++)
            Assert.Equal(freshEncoders[k].Weights.Select(t => t.Data), servedEncoders[k].Weights.Select(t => t.Data));
        Assert.NotEqual(freshEncoders[0].Weights.Select(t => t.Data), freshEncoders[1].Weights.Select(t => t.Data));

        // the setting is a settings key of its own, but not a cache key of its own
        var tok = PretrainedTextModel.MiniLm.CreateTokenizer(crossFitted.MaxTokens);
        Assert.NotEqual(crossFitted.CanonicalString(), averaged.CanonicalString());
        Assert.Equal(FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, crossFitted, 1), FineTunedTextFeatures.Fingerprint(PretrainedTextModel.MiniLm, tok, averaged, 1));
    }

    [Fact]
    public void TheEncodersAutoClassWeightingFollowsTheRunsAndIsPartOfTheCacheKey()
    {
        using var tmp = new Sure.Tests.Data.TempDir();
        int threads = TorchSharp.torch.get_num_threads();
        Assert.Equal(true, Tiny.ClassWeighted); // the default
        var follows = Tiny with { Epochs = 1, ClassWeighted = null }; // auto: as the run's SURE loss
        Assert.Equal(true, follows.ForClassWeighting(true).ClassWeighted);
        Assert.Equal(false, follows.ForClassWeighting(false).ClassWeighted);
        Assert.Equal(false, (follows with { ClassWeighted = false }).ForClassWeighting(true).ClassWeighted); // a set value stays

        // with no run to follow, the data's automatic weighting: this corpus is not IEMOCAP, so unweighted, the same entry as
        // an explicit "off"; an explicit "on" is an entry of its own
        var corpus = Corpus();
        Assert.False(Sure.Training.ClassWeights.Enabled(ClassWeighting.Auto, corpus));
        var logs = new List<string>();
        FineTunedTextFeatures.Ensure(corpus, PretrainedTextModel.MiniLm, follows, threads, tmp.Path, logs.Add);
        FineTunedTextFeatures.Ensure(Corpus(), PretrainedTextModel.MiniLm, follows with { ClassWeighted = false }, threads, tmp.Path, logs.Add);
        Assert.Equal(1, logs.Count(l => l.Contains("read from cache")));
        FineTunedTextFeatures.Ensure(Corpus(), PretrainedTextModel.MiniLm, follows with { ClassWeighted = true }, threads, tmp.Path, logs.Add);
        Assert.Equal(1, logs.Count(l => l.Contains("read from cache")));
        Assert.Equal(2, logs.Count(l => l.Contains("fine-tuning epoch 1/1:")));

        // the front end's settings key follows --class-weights while the encoder's own setting is auto, and not once it is set
        var kind = new FineTunedTextFrontEndKind(PretrainedTextModel.MiniLm);
        var run = new SureConfig { TextEncoder = "minilm-ft", Encoder = follows };
        Assert.NotEqual(kind.SettingsKey(run), kind.SettingsKey(run with { ClassWeights = ClassWeighting.On }));
        var set = run with { Encoder = follows with { ClassWeighted = false } };
        Assert.Equal(kind.SettingsKey(set), kind.SettingsKey(set with { ClassWeights = ClassWeighting.On }));
    }

    [Fact]
    public void CrossFittingNeedsAsManyTrainingDialoguesAsFolds()
    {
        var tuner = new BertFineTuner(PretrainedTextModel.MiniLm, Tiny with { Epochs = 1, Folds = 9 });
        var e = Assert.Throws<Sure.Errors.SureDataException>(() => tuner.Extract(Corpus()));
        Assert.Contains("text encoder cross-fitting needs at least 9 training dialogues", e.Message);
        Assert.Contains("the data has 8", e.Message);
    }

    [Fact]
    public void TheScheduleWarmsUpThenDecaysLinearly()
    {
        var o = new BertFineTuneOptions { Lr = 1e-4, WarmupFraction = 0.1 };
        Assert.Equal(1e-4 / 10, o.LearningRate(0, 100), 12);
        Assert.Equal(1e-4, o.LearningRate(9, 100), 12);
        Assert.Equal(1e-4 * 90 / 90, o.LearningRate(10, 100), 12);
        Assert.Equal(1e-4 * 1 / 90, o.LearningRate(99, 100), 12);
    }
}
