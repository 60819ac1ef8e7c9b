using System.Text.Json.Nodes;
using Sure.Configuration;

namespace Sure.Tests.Configuration;

public class ConfigTests
{
    [Fact]
    public void DefaultsAreThePapers()
    {
        var c = new SureConfig().Validate();
        Assert.Equal(1024, c.Hidden);
        Assert.Equal(8, c.Heads);
        Assert.Equal(4, c.Experts);
        Assert.Equal(3, c.TopK);
        Assert.Equal(2, c.ReasoningSteps);
        Assert.Equal(0.5, c.Dropout);
        Assert.Equal(SelectionProtocol.Validation, c.Protocol);
    }

    [Fact]
    public void JsonRoundTrips()
    {
        var c = new SureConfig { Hidden = 64, Routing = RoutingMode.Softmax, Context = ContextMode.Causal, Synth = new SynthErcOptions { TextCorruption = 0.4 } };
        Assert.Equal(c, SureConfig.FromJson(c.ToJson()));
    }

    [Fact]
    public void LayersOverrideInOrder()
    {
        var preset = new JsonObject { ["hidden"] = 96, ["epochs"] = 30 };
        var file = new JsonObject { ["epochs"] = 5, ["synth"] = new JsonObject { ["textCorruption"] = 0.5 } };
        var cli = new JsonObject { ["epochs"] = 7 };
        var c = ConfigLayers.Compose(preset, file, cli);
        Assert.Equal(96, c.Hidden);
        Assert.Equal(7, c.Epochs);
        Assert.Equal(0.5, c.Synth.TextCorruption);
        Assert.Equal(new SynthErcOptions().AudioCorruption, c.Synth.AudioCorruption);
    }

    [Fact]
    public void YamlFileIsRead()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sure-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "hidden: 32\nheads: 4\nrouting: softmax\nuseMoe: false\nlr: 0.002\nsynth:\n  textCorruption: 0.3\n");
        var c = ConfigLayers.Compose(ConfigLayers.FileLayer(path));
        Assert.Equal(32, c.Hidden);
        Assert.Equal(RoutingMode.Softmax, c.Routing);
        Assert.False(c.UseMoe);
        Assert.Equal(0.002, c.Lr);
        Assert.Equal(0.3, c.Synth.TextCorruption);
    }

    [Theory]
    [InlineData("{\"hidden\": 0}")]
    [InlineData("{\"topK\": 9}")]
    [InlineData("{\"modalities\": \"\"}")]
    [InlineData("{\"unknownKey\": 1}")]
    [InlineData("{\"routing\": \"maybe\"}")]
    [InlineData("not json")]
    public void BadValuesAreRejectedWithAUserError(string json)
    {
        Assert.Throws<Sure.Errors.SureUserException>(() => SureConfig.FromJson(json).Validate());
    }
}
