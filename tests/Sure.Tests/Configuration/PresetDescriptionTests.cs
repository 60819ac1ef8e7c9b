using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Data;

namespace Sure.Tests.Configuration;

/// <summary>The preset line a run prints: what the dataset preset sets, and which of those the user's settings replace.</summary>
public class PresetDescriptionTests
{
    private static ConversationDataset Iemocap() => new() { Name = "IEMOCAP", Identity = DatasetIdentity.Iemocap, ClassNames = ["hap", "sad", "neu", "ang", "exc", "fru"] };

    [Fact]
    public void WithoutOverridesItListsThePresetOnly()
    {
        var note = Presets.Describe(Iemocap());
        Assert.Equal("IEMOCAP preset (paper §3.1): batch size 16, epochs 150, lr 0.0001, max speakers 2; class weights from training frequencies.", note);
    }

    [Fact]
    public void ItNamesThePresetSettingsThatTheCommandLineOrFileReplace()
    {
        var file = new JsonObject { ["epochs"] = 60, ["dropout"] = 0.3 };
        var cli = new JsonObject { ["epochs"] = 30, ["lr"] = 5e-4, ["hidden"] = 256 };
        var note = Presets.Describe(Iemocap(), file, cli)!;
        Assert.EndsWith(" Your settings replace: epochs 30, lr 0.0005.", note);
        Assert.DoesNotContain("hidden", note[note.IndexOf("Your settings", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void OtherDatasetsHaveNoPresetLine() =>
        Assert.Null(Presets.Describe(new ConversationDataset { Name = "support-calls", ClassNames = ["ok"] }, new JsonObject { ["epochs"] = 3 }));
}
