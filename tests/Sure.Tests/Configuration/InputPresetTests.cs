using System.IO.Compression;
using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Data;
using Sure.FrontEnds;
using Sure.Loading;
using Sure.Tests.FrontEnds;

namespace Sure.Tests.Configuration;

/// <summary>
/// The preset is chosen by the kind of input (given vectors, a front end's vectors), the dataset adding only its facts;
/// <c>preset: paper</c> and <c>none</c> opt out, and SynthERC keeps its own.
/// </summary>
public class InputPresetTests
{
    /// <summary>Two dialogues with 3-d text and 2-d audio vectors.</summary>
    private static ConversationDataset Data(string? identity = null) => new()
    {
        Name = "calls", Identity = identity, ClassNames = ["a", "b"],
        Dialogues = [.. new[] { Split.Train, Split.Test }.Select((s, k) => new Dialogue
        {
            Id = $"d{k}", Split = s,
            Utterances = [new Utterance { Speaker = "A", Label = 0, Features = [[1f, 2f, 3f], [1f, 0f], null] }],
        })],
    };

    /// <summary>An audio front end whose kind brings its own preset (tests only).</summary>
    private sealed class PresetAudioKind : IFrontEndKind
    {
        public string Kind => "preset-audio";
        public Modality Modality => Modality.Audio;
        public string Description => "tests only";
        public InputPreset? Preset { get; } = new("preset-audio", new JsonObject { ["hidden"] = 40, ["lr"] = 0.002 }, "a test");
        public IFrontEnd Fit(ConversationDataset dataset, FrontEndContext context) => throw new NotSupportedException();
        public IFrontEnd Read(ZipArchive zip, string prefix, JsonObject description, string path, FrontEndRuntime runtime) => throw new NotSupportedException();
    }

    private static LoadedData WithAudioKind(IFrontEndKind kind, string? identity = null) =>
        new LoadedData { Dataset = Data(identity) }.With(new FakeAudioFrontEnd(1, 2), kind, new FrontEndContext());

    [Fact]
    public void GivenVectorsGetTheGivenVectorsPreset()
    {
        var choice = InputPresets.Choose(new LoadedData { Dataset = Data() }, new SureConfig());
        Assert.Equal(InputPresets.GivenVectors.Settings.ToJsonString(), choice.Layer.ToJsonString());
        var config = ConfigLayers.Compose(choice.Layer);
        Assert.True(config.Residual && config.MemorySkip);
        Assert.Equal((256, 4, LrSchedule.Cosine), (config.Hidden, config.Heads, config.LrSchedule));
        Assert.StartsWith("Preset for given vectors: hidden 256, heads 4, ", choice.Note);
    }

    [Fact]
    public void TheFirstModalityChoosesAndAFrontEndsOwnPresetApplies()
    {
        var data = WithAudioKind(new PresetAudioKind());
        // text comes first: given text vectors decide
        Assert.Equal("given vectors", InputPresets.Of(data, new SureConfig { Modalities = "ta" }).Input);
        // audio alone: the front end's preset, registered nowhere but here
        var choice = InputPresets.Choose(data, new SureConfig { Modalities = "a" });
        Assert.Equal("""{"hidden":40,"lr":0.002}""", choice.Layer.ToJsonString());
        Assert.Equal((40, 0.002), (ConfigLayers.Compose(choice.Layer).Hidden, ConfigLayers.Compose(choice.Layer).Lr));
    }

    [Fact]
    public void AFrontEndWithoutAPresetGetsTheGivenVectorsOneUnderItsName()
    {
        var input = InputPresets.Of(WithAudioKind(new FakeAudioFrontEndKind()), new SureConfig { Modalities = "a" });
        Assert.Equal(FakeAudioFrontEnd.KindName, input.Input);
        Assert.Equal(InputPresets.GivenVectors.Settings.ToJsonString(), input.Settings.ToJsonString());
    }

    [Fact]
    public void TheDatasetAddsItsFactsUnderTheInputPresetAndTheUserWins()
    {
        var choice = InputPresets.Choose(new LoadedData { Dataset = Data(DatasetIdentity.Iemocap) }, new SureConfig(), new JsonObject { ["lr"] = 0.01 });
        var config = ConfigLayers.Compose(choice.Layer, new JsonObject { ["lr"] = 0.01 });
        Assert.Equal((2, 16, 256, 0.01), (config.MaxSpeakers, config.BatchSize, config.Hidden, config.Lr));
        Assert.Contains("IEMOCAP: batch size 16, max speakers 2, class weights from training frequencies", choice.Note);
        Assert.EndsWith("Your settings replace: lr 0.01.", choice.Note);
    }

    [Fact]
    public void PaperGivesThePapersValuesAndNoneGivesNothing()
    {
        var data = new LoadedData { Dataset = Data(DatasetIdentity.Meld) };
        var paper = ConfigLayers.Compose(InputPresets.Choose(data, new SureConfig { Preset = Presets.Paper }).Layer);
        // the paper's MELD values (§3.1) over the paper's architecture
        Assert.Equal((50, 5e-6, 32, 1024, false), (paper.Epochs, paper.Lr, paper.BatchSize, paper.Hidden, paper.Residual));
        var none = InputPresets.Choose(data, new SureConfig { Preset = Presets.None });
        Assert.Empty(none.Layer);
        Assert.Null(none.Note);
    }

    [Fact]
    public void SynthErcKeepsItsOwnPreset()
    {
        var choice = InputPresets.Choose(new LoadedData { Dataset = Data(DatasetIdentity.SynthErc) }, new SureConfig());
        Assert.Equal(Presets.For(DatasetIdentity.SynthErc).ToJsonString(), choice.Layer.ToJsonString());
        Assert.False(ConfigLayers.Compose(choice.Layer).Residual);
    }

    [Theory]
    [InlineData("minilm", "given vectors")]      // frozen sentence vectors are given vectors
    [InlineData("minilm-ft", "minilm-ft")]       // the fine-tuned rows' settings
    [InlineData("textcnn", "textcnn")]           // the tuned TextCNN rows' settings
    [InlineData("descriptors", "descriptors")]   // the EmoDB runs' small model
    public void EachRegisteredKindHasThePresetOfItsEvidence(string kind, string settingsOf)
    {
        var preset = TestFrontEnds.Catalog.Get(kind).Preset;
        Assert.NotNull(preset);
        Assert.Equal(kind, preset.Input);
        var expected = settingsOf == "given vectors" ? InputPresets.GivenVectors.Settings : preset.Settings;
        Assert.Equal(expected.ToJsonString(), preset.Settings.ToJsonString());
        Assert.Equal(settingsOf == "descriptors" ? 64 : 256, ConfigLayers.Compose(preset.Settings).Hidden);
    }

    [Fact]
    public void PaperIsAPresetValueThatKeepsTheLoadersIdentity() =>
        Assert.Equal(DatasetIdentity.Iemocap, Presets.IdentityOf(Presets.Paper, DatasetIdentity.Iemocap));

    [Fact]
    public void ACausalSureGetsTheSwitchesInEveryPresetButThePapers()
    {
        var causal = new SureConfig { Context = ContextMode.Causal };
        // SynthERC's preset has neither switch: both are added, and the note says so
        var synth = InputPresets.Choose(new LoadedData { Dataset = Data(DatasetIdentity.SynthErc) }, causal);
        var config = ConfigLayers.Compose(synth.Layer);
        Assert.True(config.Residual && config.MemorySkip);
        Assert.Equal(96, config.Hidden); // the rest of SynthERC's preset is kept
        Assert.Contains("Causal SURE: residual true, memory skip true", synth.Note);
        // given vectors have both already: nothing to add, no extra line
        var given = InputPresets.Choose(new LoadedData { Dataset = Data() }, causal);
        Assert.Equal(InputPresets.GivenVectors.Settings.ToJsonString(), given.Layer.ToJsonString());
        Assert.DoesNotContain("Causal SURE", given.Note);
        // the paper's architecture, a bidirectional model and the baselines are left alone
        var paper = ConfigLayers.Compose(InputPresets.Choose(new LoadedData { Dataset = Data(DatasetIdentity.Iemocap) }, causal with { Preset = Presets.Paper }).Layer);
        Assert.False(paper.Residual || paper.MemorySkip);
        Assert.False(ConfigLayers.Compose(InputPresets.Choose(new LoadedData { Dataset = Data(DatasetIdentity.SynthErc) }, new SureConfig()).Layer).Residual);
        Assert.False(ConfigLayers.Compose(InputPresets.Choose(new LoadedData { Dataset = Data(DatasetIdentity.SynthErc) }, causal with { Model = "bigru" }).Layer).Residual);
        // a user's layer that turns one off wins, and the note names it
        var off = new JsonObject { ["memorySkip"] = false };
        var chosen = InputPresets.Choose(new LoadedData { Dataset = Data(DatasetIdentity.SynthErc) }, causal, off);
        Assert.False(ConfigLayers.Compose(chosen.Layer, off).MemorySkip);
        Assert.Contains("Your settings replace: memory skip false", chosen.Note);
    }
}
