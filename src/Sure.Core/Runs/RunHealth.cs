using System.Globalization;
using Sure.Configuration;
using Sure.Data;
using Sure.Evaluation;
using Sure.Training;

namespace Sure.Runs;

/// <summary>
/// Whether a finished run can be trusted at a glance: its scores beside the majority-class baseline
/// (<see cref="MajorityBaseline"/>), and the warnings a user must see wherever the model shows up (the end of
/// <c>sure train</c>, report.md, result.json, the model file's metrics, <c>sure predict</c>, <c>sure serve</c>):
/// <list type="bullet">
/// <item>test or validation weighted F1 at or below the majority class's;</item>
/// <item>the best epoch is the last one run and the learning rate was still high when it started (at least
/// <see cref="HighLrShare"/> of the configured peak: always with a constant schedule; a cosine schedule over few epochs):
/// the model was still improving when training stopped.</item>
/// </list>
/// </summary>
public static class RunHealth
{
    /// <summary>The share of the peak learning rate at the start of the last epoch from which it counts as still high.</summary>
    public const double HighLrShare = 0.25;

    /// <summary>Labelled training utterances per class.</summary>
    public static int[] TrainCounts(ConversationDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var counts = new int[data.ClassCount];
        foreach (var d in data.In(Split.Train))
            foreach (var u in d.Utterances)
                if (u.Label >= 0 && u.Label < counts.Length) counts[u.Label]++;
        return counts;
    }

    /// <summary>The warnings of a finished run (empty when none applies).</summary>
    public static IReadOnlyList<string> Warnings(SureConfig config, TrainingResult result, MajorityBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(baseline);
        var warnings = new List<string>();
        foreach (var (split, model, floor) in new[] { ("test", result.Test.Report, baseline.Test), ("validation", result.Valid.Report, baseline.Valid) })
        {
            double wf1 = Metrics.ToPercent(model.WeightedF1);
            if (wf1 <= floor.WeightedF1)
            {
                warnings.Add($"{split} weighted F1 {F(wf1)} is at or below always answering the most frequent training class '{baseline.ClassName}' ({F(floor.WeightedF1)}): "
                    + "the model has not learned the task; train longer (more epochs) or with a higher learning rate (lr).");
                break; // one warning says it; the test split is the one users read
            }
        }
        if (LastEpochStillImproving(config, result) is { } lr)
            warnings.Add($"the best epoch is the last one ({result.BestEpoch} of {result.EpochsRun}) and the learning rate was still {lr.ToString("G3", CultureInfo.InvariantCulture)} "
                + $"({(config.LrSchedule == LrSchedule.Constant ? "constant schedule" : "cosine schedule")}, peak {config.Lr.ToString("G3", CultureInfo.InvariantCulture)}): "
                + "the model was still improving when training stopped; train for more epochs.");
        return warnings;
    }

    /// <summary>The learning rate at the start of the last epoch when the best epoch is the last one run and that rate
    /// is at least <see cref="HighLrShare"/> of the peak; null otherwise.</summary>
    public static double? LastEpochStillImproving(SureConfig config, TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(result);
        if (result.EpochsRun < 1 || result.BestEpoch != result.EpochsRun) return null;
        double lr = Trainer.LearningRate(config, result.EpochsRun - 1);
        return lr >= HighLrShare * config.Lr ? lr : null;
    }

    /// <summary>The majority-class baseline of a finished run and the warnings (maybe none) its result calls for, as
    /// result.json records them ("majority_baseline", "warnings").</summary>
    public static (MajorityBaseline Baseline, IReadOnlyList<string> Warnings) Assess(SureConfig config, ConversationDataset data, TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var baseline = MajorityBaseline.Of(TrainCounts(data), result.Valid.Report, result.Test.Report);
        return (baseline, Warnings(config, result, baseline));
    }

    private static string F(double percent) => percent.ToString("F2", CultureInfo.InvariantCulture);
}
