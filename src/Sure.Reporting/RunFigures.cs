using Sure.Data;
using Sure.Evaluation;
using Sure.Runs;
using Sure.Training;
using Sure.Loading;

namespace Sure.Reporting;

/// <summary>
/// The figures of a training run, for <see cref="TrainingRun.Execute"/>: learning curves, the test confusion heatmap,
/// per-class F1, the reliability diagram (when the test split has labels), and on SynthERC routing weight and expert
/// uncertainty versus the injected corruption, one per modality. All go into the run folder's
/// <see cref="RunAnalysis.FiguresDir"/>; report.md links them.
/// </summary>
public sealed class RunFigures : IRunFigures
{
    private readonly Action<string>? _log;

    /// <summary>Draws the figures.</summary>
    /// <param name="log">Receives warnings about drawing (no usable font: figures without text); null drops them
    /// (<see cref="FigureFonts.Warnings"/> keeps them).</param>
    public RunFigures(Action<string>? log = null) => _log = log;

    /// <inheritdoc />
    public IReadOnlyList<RunFigure> WriteFigures(string runDir, LoadedData data, TrainingResult result, UncertaintyEvaluation? testUncertainty)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runDir);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(result);
        FigureFonts.Ensure(_log);
        var dir = Path.Combine(runDir, RunAnalysis.FiguresDir);
        var test = result.Test.Report;
        var list = new List<RunFigure>
        {
            new("Learning curves", Figures.LearningCurves(result.History, Path.Combine(dir, "learning-curves.png"), $"{data.Dataset.Name}: learning curves")),
            new("Confusion matrix (test)", Figures.ConfusionMatrix(test.Confusion, test.ClassNames, Path.Combine(dir, "confusion.png"), "Confusion matrix (test)")),
            new("Per-class F1 (test)", Figures.PerClassF1(test.ClassNames, test.PerClass.Select(c => Metrics.ToPercent(c.F1)).ToArray(),
                Path.Combine(dir, "per-class-f1.png"), Metrics.ToPercent(test.WeightedF1), "Per-class F1 (test)")),
        };
        if (testUncertainty is not null)
            list.Add(new("Reliability diagram (test)", Figures.ReliabilityDiagram(testUncertainty.Reliability, Path.Combine(dir, "reliability.png"), testUncertainty.Ece, "Reliability (test)")));
        if (data.Synth is { } synth && result.Test.Utterances.Count > 0 && result.Test.Utterances[0].RoutingWeights.Count > 0)
        {
            foreach (var m in result.Test.Utterances[0].RoutingWeights.Keys)
            {
                var records = result.Test.Utterances
                    .Select(u => new RoutingRecord(synth.TruthOf(u.DialogueId, u.Index)[m],
                        u.RoutingWeights[m].Select(x => (double)x).ToArray(), u.ExpertUncertainty[m].Select(x => (double)x).ToArray()))
                    .ToList();
                list.Add(new($"Routing and expert uncertainty vs injected corruption ({m.Name()}, test)",
                    Figures.RoutingVsCorruption(records, Path.Combine(dir, $"routing-vs-corruption-{m.Name()}.png"), $"{m.Name()}: routing and uncertainty vs corruption")));
            }
        }
        return list;
    }
}
