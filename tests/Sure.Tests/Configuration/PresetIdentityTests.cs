using Sure.Configuration;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Errors;
using Sure.Tests.Data;
using Sure.Training;
using Sure.Loading;

namespace Sure.Tests.Configuration;

/// <summary>
/// Presets and the automatic class weighting follow the data's identity (set by the loader that recognised the format,
/// or by the configuration's preset), never its name.
/// </summary>
public class PresetIdentityTests
{
    private static ConversationDataset Named(string name, string? identity = null) =>
        new() { Name = name, Identity = identity, ClassNames = ["a", "b"] };

    [Fact]
    public void ANameThatSaysIemocapChoosesNothing()
    {
        var data = Named("my-IEMOCAP-export");
        Assert.Empty(Presets.For(data));
        Assert.False(ClassWeights.Enabled(ClassWeighting.Auto, data));
        Assert.Null(Presets.Describe(data));
        Assert.Empty(Presets.For(Named("MELD dump")));
    }

    [Theory]
    [InlineData(DatasetIdentity.Iemocap, 150, true)]
    [InlineData(DatasetIdentity.Meld, 50, false)]
    [InlineData(DatasetIdentity.SynthErc, 20, false)]
    public void TheIdentityChoosesThePresetAndTheWeighting(string identity, int epochs, bool weighted)
    {
        var data = Named("support-calls", identity);
        Assert.Equal(epochs, (int)Presets.For(data)["epochs"]!);
        Assert.Equal(Presets.For(identity).ToJsonString(), Presets.For(data).ToJsonString());
        Assert.Equal(weighted, ClassWeights.Enabled(ClassWeighting.Auto, data));
        Assert.NotNull(Presets.Describe(data));
    }

    [Theory]
    [InlineData(null, DatasetIdentity.Iemocap, DatasetIdentity.Iemocap)]
    [InlineData(null, null, null)]
    [InlineData(DatasetIdentity.Meld, DatasetIdentity.Iemocap, DatasetIdentity.Meld)]
    [InlineData(DatasetIdentity.Iemocap, null, DatasetIdentity.Iemocap)]
    [InlineData(Presets.None, DatasetIdentity.Iemocap, null)]
    public void TheConfiguredPresetOverridesWhatTheLoaderRecognised(string? preset, string? loaded, string? expected) =>
        Assert.Equal(expected, Presets.IdentityOf(preset, loaded));

    [Fact]
    public void DataSourceAppliesTheConfiguredPreset()
    {
        var synth = new SynthErcOptions { TrainDialogues = 4, ValidDialogues = 2, TestDialogues = 2, MinLength = 4, MaxLength = 6 };
        Assert.Equal(DatasetIdentity.SynthErc, DataSource.Load(new SureConfig { Synth = synth }.Validate()).Dataset.Identity);
        Assert.Null(DataSource.Load(new SureConfig { Synth = synth, Preset = Presets.None }.Validate()).Dataset.Identity);
        var asIemocap = DataSource.Load(new SureConfig { Synth = synth, Preset = DatasetIdentity.Iemocap }.Validate());
        Assert.Equal(DatasetIdentity.Iemocap, asIemocap.Dataset.Identity);
        Assert.Equal(DatasetIdentity.Iemocap, asIemocap.Fresh().Dataset.Identity);
    }

    [Fact]
    public void AnUnknownPresetIsAUserError() =>
        Assert.Contains("--preset", Assert.Throws<SureUserException>(() => new SureConfig { Preset = "IEMOCAP" }.Validate()).Message);

    [Fact]
    public void AnUnsetPresetStaysOutOfConfigJson()
    {
        Assert.DoesNotContain("preset", new SureConfig().ToJson(), StringComparison.OrdinalIgnoreCase);
        var json = new SureConfig { Preset = DatasetIdentity.Meld }.ToJson();
        Assert.Equal(DatasetIdentity.Meld, SureConfig.FromJson(json, "config.json").Preset);
    }

    [Fact]
    public void ASureJsonlFileKeepsTheIdentityInItsHeader()
    {
        using var tmp = new TempDir();
        var data = new ConversationDataset
        {
            Name = "IEMOCAP", Identity = DatasetIdentity.Iemocap, ClassNames = ["a", "b"],
            Dialogues = [new Dialogue { Id = "d1", Split = Split.Train, Utterances = [new Utterance { Speaker = "A", Label = 1, Text = "hi" }] }],
        };
        var path = tmp.File("data.jsonl");
        SureJsonlWriter.Write(data, path);
        Assert.Equal(DatasetIdentity.Iemocap, DatasetLoader.Load(path).Identity);
        SureJsonlWriter.Write(data.WithIdentity(null), path);
        Assert.Null(DatasetLoader.Load(path).Identity);
        Assert.DoesNotContain("identity", File.ReadAllText(path));
        File.WriteAllText(path, "{\"sure_format\": 1, \"classes\": [\"a\"], \"identity\": \"IEMOCAP\"}\n");
        Assert.Contains("identity", Assert.Throws<SureDataException>(() => DatasetLoader.Load(path)).Message);
    }

    /// <summary>The community files get the preset they got when presets went by name.</summary>
    [SharedDataTheory]
    [InlineData("sdt_iemocap_py2.pkl", 150)]
    [InlineData("mmgcn_iemocap_py2.pkl", 150)]
    [InlineData("sdt_meld_p2.pkl", 50)]
    public void TheCommunityPicklesGetTheirPresets(string file, int epochs) =>
        Assert.Equal(epochs, (int)Presets.For(DatasetLoader.Load(SharedData.PathOf("fixtures/" + file)))["epochs"]!);
}
