using System.CommandLine;
using Sure.Cli.Commands;

namespace Sure.Tests.Cli;

/// <summary>The on/off switches (--residual, --memory-skip, --no-moe, …): given alone or with true they set the switch,
/// given with false they set it the other way, so that a preset's switch can be turned off; not given, they leave it.</summary>
public class SwitchOptionsCliTests
{
    private static System.Text.Json.Nodes.JsonObject Layer(params string[] args)
    {
        var options = new ConfigOptions();
        var command = new RootCommand();
        options.AddTo(command);
        var result = command.Parse(args);
        Assert.Empty(result.Errors);
        return options.Layer(result);
    }

    [Fact]
    public void ASwitchGivenFalseTurnsThePresetsValueOff()
    {
        Assert.True((bool)Layer("--memory-skip")["memorySkip"]!);
        Assert.True((bool)Layer("--memory-skip", "true")["memorySkip"]!);
        Assert.False((bool)Layer("--memory-skip", "false")["memorySkip"]!);
        Assert.False((bool)Layer("--residual", "false")["residual"]!);
        Assert.False((bool)Layer("--no-moe")["useMoe"]!); // a "--no-" switch: given, it turns the setting off
        Assert.True((bool)Layer("--no-moe", "false")["useMoe"]!);
        Assert.False(Layer("--hidden", "16").ContainsKey("memorySkip")); // not given: the preset's value stands
    }

    [Fact]
    public void TrainSaysThatAnExplicitFalseReplacesThePresetsMemorySkip()
    {
        var dir = Directory.CreateTempSubdirectory("sure-cli-switch-").FullName;
        try
        {
            // given sentence vectors: their preset turns the residual paths and the memory skip on
            var data = RunInputsAndClassesCliTests.FeatureData(dir, "vectors.jsonl", seed: 5);
            var run = Path.Combine(dir, "run");
            var (code, output, err) = SureCliRunner.Run("train", "--data", data, "--out", run, "--batch-size", "4", "--hidden", "16", "--heads", "2",
                "--experts", "3", "--top-k", "2", "--epochs", "1", "--threads", "1", "--memory-skip", "false");
            Assert.True(code == 0, err);
            Assert.Contains("Your settings replace: hidden 16, heads 2, epochs 1, memory skip false.", output + err);
            var config = Sure.Runs.RunFolder.ReadConfig(run);
            Assert.False(config.MemorySkip);
            Assert.True(config.Residual); // the preset's other switch stands
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
