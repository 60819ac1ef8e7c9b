using Sure.Data;
using Sure.Reporting;
using Sure.Training;
using Sure.Loading;

namespace Sure.Runs;

/// <summary>
/// Draws a finished run's figures into its run folder, for <see cref="TrainingRun.Execute"/>. Sure.Core draws nothing
/// itself (it references no plotting library): an application that wants figures passes an implementation, such as
/// <c>Sure.Reporting.RunFigures</c> from the Sure.Reporting package (what the <c>sure</c> command passes). Without one a
/// run writes no figures and report.md has no figure section.
/// </summary>
public interface IRunFigures
{
    /// <summary>
    /// Writes the figures of a finished run under <paramref name="runDir"/> (conventionally in
    /// <see cref="RunAnalysis.FiguresDir"/>) and returns them in the order report.md should show them.
    /// </summary>
    /// <param name="runDir">The run folder.</param>
    /// <param name="data">The run's data (its dataset name, and SynthERC's injected corruption when it is SynthERC).</param>
    /// <param name="result">The training result: history and the evaluated splits.</param>
    /// <param name="testUncertainty">Calibration and error detection on the test split; null when it has no labels.</param>
    IReadOnlyList<RunFigure> WriteFigures(string runDir, LoadedData data, TrainingResult result, UncertaintyEvaluation? testUncertainty);
}

/// <summary>One figure written for a run: its caption in report.md and the full path of its file.</summary>
/// <param name="Caption">The caption (the image's alt text in report.md).</param>
/// <param name="Path">The full path of the written image.</param>
public sealed record RunFigure(string Caption, string Path);
