using Sure.Reporting;
using Sure.Runs;
using Sure.Tests.Training;

namespace Sure.Tests.Reporting;

/// <summary>
/// A run's figures come from Sure.Reporting, passed to <see cref="TrainingRun.Execute"/> by its caller: with
/// <see cref="RunFigures"/> the run folder gets the same figures as before and report.md links them; without a figure
/// writer (a library user who asks for none) the run writes no figures and report.md has no figure section.
/// </summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class RunFiguresTests
{
    private static readonly string[] SynthErcFigures =
    [
        "learning-curves.png", "confusion.png", "per-class-f1.png", "reliability.png",
        "routing-vs-corruption-text.png", "routing-vs-corruption-audio.png", "routing-vs-corruption-visual.png",
    ];

    [Fact]
    public void WithRunFiguresTheRunFolderGetsTheFiguresAndReportMdLinksThem()
    {
        var config = TinyRuns.Config(epochs: 1);
        var dir = TinyRuns.TempDir();
        var log = new List<string>();
        var outcome = TrainingRun.Execute(config, TinyRuns.Data(config), dir, figures: new RunFigures(log.Add));

        var written = Directory.GetFiles(Path.Combine(dir, RunAnalysis.FiguresDir)).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(SynthErcFigures.Order(), written);
        foreach (var name in SynthErcFigures)
            Assert.Contains($"]({RunAnalysis.FiguresDir}/{name})", outcome.ReportMarkdown);
        Assert.Contains("### Figures", File.ReadAllText(Path.Combine(dir, RunFolder.ReportFile)));
        Assert.All(log, l => Assert.Contains(l, FigureFonts.Warnings)); // only drawing warnings, and only through the log
    }

    [Fact]
    public void WithoutAFigureWriterTheRunDrawsNothing()
    {
        var config = TinyRuns.Config(epochs: 1);
        var dir = TinyRuns.TempDir();
        var outcome = TrainingRun.Execute(config, TinyRuns.Data(config), dir);

        Assert.False(Directory.Exists(Path.Combine(dir, RunAnalysis.FiguresDir)));
        Assert.DoesNotContain("### Figures", outcome.ReportMarkdown);
        Assert.DoesNotContain(".png", File.ReadAllText(Path.Combine(dir, RunFolder.ReportFile)));
        Assert.True(File.Exists(Path.Combine(dir, RunFolder.ResultFile)));
    }

    [Fact]
    public void AFigureWriterChoosesWhatReportMdShows()
    {
        var config = TinyRuns.Config(epochs: 1);
        var dir = TinyRuns.TempDir();
        var outcome = TrainingRun.Execute(config, TinyRuns.Data(config), dir, figures: new OneFigure());
        Assert.Contains("![Only this](elsewhere/only.png)", outcome.ReportMarkdown);
    }

    [Fact]
    public void FontWarningsGoToTheFirstLogOnceAndNeverToTheConsole()
    {
        var first = new List<string>();
        var second = new List<string>();
        var error = Console.Error;
        FigureFonts.Ensure(first.Add);
        FigureFonts.Ensure(second.Add);
        Assert.Same(error, Console.Error);
        Assert.Empty(second);
        // Another test may have delivered the warnings first; either way they are the choice's warnings.
        Assert.All(first, w => Assert.Contains(w, FigureFonts.Warnings));
        if (!FigureFonts.TextAvailable) Assert.Contains(FigureFonts.Warnings, w => w.Contains("no usable font", StringComparison.Ordinal));
    }

    private sealed class OneFigure : IRunFigures
    {
        public IReadOnlyList<RunFigure> WriteFigures(string runDir, Sure.Loading.LoadedData data, Sure.Training.TrainingResult result, UncertaintyEvaluation? testUncertainty) =>
            [new("Only this", Path.Combine(runDir, "elsewhere", "only.png"))];
    }
}
