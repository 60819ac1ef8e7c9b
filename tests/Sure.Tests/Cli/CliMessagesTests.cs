using Spectre.Console;
using Sure.Cli;
using Sure.Cli.Console;
using Sure.Evaluation;

namespace Sure.Tests.Cli;

/// <summary>What the CLI says: unknown commands named with the list of commands, the results table labelled by its split.</summary>
[Collection("Console")]
public class CliMessagesTests
{
    [Fact]
    public void UnknownCommandIsNamedWithTheRootsCommandsAndExitTwo()
    {
        var (code, _, err) = SureCliRunner.Run("frobnicate");
        Assert.Equal(2, code);
        var commands = string.Join(", ", SureCli.Build().Subcommands.Select(c => c.Name));
        Assert.Equal($"error: unknown command 'frobnicate' (commands: {commands}; see 'sure --help')", err.Trim());
    }

    [Fact]
    public void UnknownSubcommandIsNamedWithItsParentsCommands()
    {
        var (code, _, err) = SureCliRunner.Run("data", "frobnicate");
        Assert.Equal(2, code);
        Assert.Equal("error: unknown command 'frobnicate' of 'sure data' (commands: inspect, convert; see 'sure data --help')", err.Trim());
    }

    [Theory]
    [InlineData("valid")]
    [InlineData("all")]
    [InlineData("test")]
    public void OverallRowIsLabelledByTheEvaluatedSplit(string split)
    {
        var output = new EvaluationOutput { Utterances = [], Loss = 0, Report = Metrics.Compute([0, 1, 1], [0, 1, 0], ["a", "b"]) };
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        ResultsView.Show("title", output, null, null, split, console);
        var firstCells = writer.ToString().Split('\n').Select(l => l.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length > 1).Select(cells => cells[0]).ToList();
        Assert.Contains(split, firstCells);
        foreach (var other in new[] { "valid", "all", "test" }.Where(s => s != split)) Assert.DoesNotContain(other, firstCells);
    }
}
