using Sure.Configuration;

namespace Sure.Tests.Configuration;

/// <summary>The run configuration is composed of option groups (data, model, training, runtime) while config.json keeps its
/// flat keys: a config.json written before the groups reads back and writes the same text.</summary>
public class OptionGroupTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Configuration", "Fixtures", name);

    [Fact]
    public void A_config_json_written_before_the_groups_reads_into_them_and_writes_the_same_text()
    {
        // the config.json that `sure train --threads 1 --out /tmp/onetype-base/r` wrote at commit 84a1bd3 (SynthERC preset)
        var text = File.ReadAllText(Fixture("config-84a1bd3-syntherc.json"));
        var config = SureConfig.FromJson(text).Validate();
        Assert.Equal(text, config.ToJson());
        // the values the file gives, each in its group
        Assert.Equal((96, 4, "tav", ContextMode.Bidirectional), (config.ModelOptions.Hidden, config.ModelOptions.Heads, config.ModelOptions.Modalities, config.ModelOptions.Context));
        Assert.Equal((20, 16, 0.001, 1), (config.TrainingOptions.Epochs, config.TrainingOptions.BatchSize, config.TrainingOptions.Lr, config.TrainingOptions.Seed));
        Assert.Equal(0.01, config.TrainingOptions.MoeLossWeight);
        Assert.Equal(("cpu", 1, "/tmp/onetype-base/r"), (config.RuntimeOptions.Device, config.RuntimeOptions.Threads, config.RuntimeOptions.Out));
        Assert.Null(config.DataOptions.Data);
        Assert.Equal(("textcnn", 0.1, 20260), (config.DataOptions.TextEncoder, config.DataOptions.ValidFraction, config.DataOptions.Synth.Seed));
    }

    [Fact]
    public void Setting_a_flat_key_sets_its_group_and_leaves_the_original_alone()
    {
        var a = new SureConfig();
        var b = a with { Hidden = 64, Epochs = 3, Threads = 2, Glove = "g.txt" };
        Assert.Equal((1024, 150, 0, null), (a.ModelOptions.Hidden, a.TrainingOptions.Epochs, a.RuntimeOptions.Threads, a.DataOptions.Glove));
        Assert.Equal((64, 3, 2, "g.txt"), (b.ModelOptions.Hidden, b.TrainingOptions.Epochs, b.RuntimeOptions.Threads, b.DataOptions.Glove));
        // a group replaced whole is what the flat keys read
        var c = a with { ModelOptions = new ModelOptions { Hidden = 32, Heads = 2 } };
        Assert.Equal((32, 2), (c.Hidden, c.Heads));
        Assert.Equal(a.TrainingOptions, c.TrainingOptions);
        Assert.NotEqual(a, c);
        Assert.Equal(c, SureConfig.FromJson(c.ToJson()));
    }

    [Fact]
    public void The_defaults_of_the_groups_are_the_run_configurations()
    {
        // new SureConfig() is composed of the groups' defaults; its JSON has every key once, with no group key
        var json = System.Text.Json.Nodes.JsonNode.Parse(new SureConfig().ToJson())!.AsObject();
        foreach (var group in new[] { "dataOptions", "modelOptions", "trainingOptions", "runtimeOptions" }) Assert.False(json.ContainsKey(group), group);
        Assert.Equal(1024, (int)json["hidden"]!);
        Assert.Equal(150, (int)json["epochs"]!);
        Assert.Equal("cpu", (string)json["device"]!);
    }
}
