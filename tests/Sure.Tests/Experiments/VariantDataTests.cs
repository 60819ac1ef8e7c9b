using Sure.Configuration;
using Sure.Data;
using Sure.Experiments;
using Sure.Loading;

namespace Sure.Tests.Experiments;

/// <summary>A grid variant that changes a data setting gets its own data, never the base run's.</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class VariantDataTests
{
    private static SureConfig Base(string data, string glove) => new SureConfig
    {
        Data = data, Glove = glove, Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2, Epochs = 1, Threads = 1,
        TextCnn = new Sure.Configuration.TextCnnOptions { Filters = 4, FeatureSize = 6, Epochs = 2, Patience = 0 },
    }.Validate();

    /// <summary>The base configuration on a fresh transcript corpus, and its data (TextCNN features made from the transcripts).</summary>
    private static (SureConfig, LoadedData) LoadBase()
    {
        var (data, glove) = Sure.Tests.Text.TranscriptPipelineTests.Files();
        // Text features are cached in the test process's own cache folder (TestTempRoot).
        var baseConfig = Base(data, glove);
        return (baseConfig, DataSource.Load(baseConfig));
    }

    private static SureConfig Variant(SureConfig baseConfig, string spec) => VariantParser.ParseOne(spec).Apply(baseConfig);

    [Fact]
    public void VariantSettingTextCnnFoldsGetsItsOwnCrossFittedFeaturesNotTheBases()
    {
        var (baseConfig, baseData) = LoadBase();
        var folds = Variant(baseConfig, "folds2:textCnn.folds=2");
        Assert.Equal(2, folds.TextCnn.Folds);

        var runData = DataSource.ForRun(folds, baseConfig, baseData);
        var own = DataSource.Load(folds);   // what the variant gets when run on its own
        float[] Text(LoadedData d, int dialogue, int utterance) => d.Dataset.Dialogues[dialogue].Utterances[utterance][Modality.Text]!;
        var dialogues = runData.Dataset.Dialogues;
        Assert.NotSame(baseData.Dataset.Dialogues[0].Utterances, dialogues[0].Utterances);
        for (int d = 0; d < dialogues.Count; d++)
            for (int u = 0; u < dialogues[d].Count; u++)
                Assert.Equal(Text(own, d, u), Text(runData, d, u));
        // Out-of-fold training features differ from the base's single-TextCNN ones.
        var train = Enumerable.Range(0, dialogues.Count).Where(d => dialogues[d].Split == Split.Train).ToList();
        Assert.Contains(train, d => Enumerable.Range(0, dialogues[d].Count).Any(u => !Text(runData, d, u).SequenceEqual(Text(baseData, d, u))));
    }

    [Fact]
    public void VariantThatChangesNoDataSettingReusesTheLoadedUtterances()
    {
        var (baseConfig, baseData) = LoadBase();
        var runData = DataSource.ForRun(Variant(baseConfig, "no-moe"), baseConfig, baseData);
        Assert.NotSame(baseData.Dataset, runData.Dataset);
        Assert.Equal(baseData.Dataset.Dialogues.Count, runData.Dataset.Dialogues.Count);
        for (int d = 0; d < runData.Dataset.Dialogues.Count; d++)
            Assert.Same(baseData.Dataset.Dialogues[d].Utterances, runData.Dataset.Dialogues[d].Utterances);
    }

    [Theory]
    [InlineData("textCnn.folds=2", false)]
    [InlineData("textCnn.export=log-probs", false)]
    [InlineData("textCnn.warm-start=false", false)]
    [InlineData("text-encoder=end2end", false)]
    [InlineData("threads=2", false)]
    [InlineData("allow-missing-modality=true", false)]
    [InlineData("glove=none", false)]
    [InlineData("no-moe", true)]
    [InlineData("hidden=32;lr=0.01", true)]
    [InlineData("t", true)]
    public void SameDataIsFalseExactlyForSettingsThatChangeTheLoadedData(string spec, bool same)
    {
        var baseConfig = Base("d.jsonl", "g.txt");
        Assert.Equal(same, DataSource.SameData(baseConfig, Variant(baseConfig, spec)));
    }

    [Fact]
    public void AFineTunedEncodersDataIsReusedOnlyUnderTheSameFineTuningSettingsAndThreads()
    {
        var ft = new SureConfig { Data = "d.jsonl", TextEncoder = "minilm-ft", Threads = 1 };
        Assert.True(DataSource.SameData(ft, ft with { Hidden = 32 }));
        Assert.False(DataSource.SameData(ft, ft with { Encoder = ft.Encoder with { Epochs = 1 } }));
        Assert.False(DataSource.SameData(ft, ft with { Encoder = ft.Encoder with { Seed = 2 } }));
        Assert.False(DataSource.SameData(ft, ft with { Threads = 2 }));
        Assert.False(DataSource.SameData(ft, ft with { Encoder = ft.Encoder with { Context = 1 } }));
        Assert.False(DataSource.SameData(ft, ft with { Encoder = ft.Encoder with { FreezeWordEmbeddings = false } }));
        // without --encoder-seed the encoder's seed is the run's: each seed of an experiment fine-tunes its own encoder
        Assert.Null(ft.Encoder.Seed);
        Assert.False(DataSource.SameData(ft with { Seed = 1 }, ft with { Seed = 2 }));
        Assert.True(DataSource.SameData(ft with { Seed = 1 }, ft with { Seed = 2, Encoder = ft.Encoder with { Seed = 1 } }));
        Assert.False(DataSource.SameData(ft, ft with { TextEncoder = "minilm" }));
        Assert.False(DataSource.SameData(ft, ft with { TextEncoder = "arctic-xs-ft" }));
        Assert.False(DataSource.SameData(ft with { TextEncoder = "minilm" }, ft));
    }
}
