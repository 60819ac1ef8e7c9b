using Spectre.Console;
using Sure.Cli.Console;
using Sure.Evaluation;

namespace Sure.Tests.Cli;

/// <summary>The console's overall table carries UAR beside accuracy, weighted F1 and macro F1.</summary>
public class ResultsViewUarTests
{
    private static List<string[]> Rows(Action<IAnsiConsole> show)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        show(console);
        return writer.ToString().Split('\n').Select(l => l.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length > 1).ToList();
    }

    [Fact]
    public void OverallTableShowsUar()
    {
        // gold [a, b, b], predicted [a, b, a]: recall a = 1, b = 1/2 → UAR 75.00; accuracy 2/3 → 66.67
        var report = Metrics.Compute([0, 1, 1], [0, 1, 0], ["a", "b"]);
        var rows = Rows(c => ResultsView.Show(c, "title", report));
        Assert.Contains(rows, r => r.SequenceEqual(["accuracy", "weighted F1", "macro F1", "UAR"]));
        var all = Assert.Single(rows, r => r[0] == "all");
        Assert.Equal(("66.67", "75.00"), (all[1], all[4]));
    }

    [Fact]
    public void NothingLabelledShowsADash()
    {
        // what the evaluator reports for unlabelled data: no support anywhere, NaN metrics
        var empty = new ClassificationReport(["a", "b"], double.NaN, double.NaN, double.NaN, [new ClassMetrics(0, 0, 0, 0), new ClassMetrics(0, 0, 0, 0)], [[0, 0], [0, 0]], 0);
        Assert.True(double.IsNaN(empty.Uar));
        var output = new EvaluationOutput { Utterances = [], Loss = 0, Report = empty };
        var all = Assert.Single(Rows(c => ResultsView.Show("title", output, null, null, "all", c)), r => r[0] == "all");
        Assert.Equal(["all", "–", "–", "–", "–"], all);
    }
}
