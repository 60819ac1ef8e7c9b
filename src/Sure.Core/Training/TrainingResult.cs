using Sure.Evaluation;

namespace Sure.Training;

/// <summary>What a finished training run produced: the selected epoch's evaluations on valid and test, and the history.</summary>
public sealed class TrainingResult
{
    public required EvaluationOutput Valid { get; init; }
    public required EvaluationOutput Test { get; init; }
    public required int BestEpoch { get; init; }
    public required int EpochsRun { get; init; }
    public required double TrainSeconds { get; init; }
    public required List<EpochRecord> History { get; init; }
    public required long Parameters { get; init; }
    /// <summary>The best epoch's model state (parameters and buffers) as plain arrays: what the model file holds.</summary>
    public IReadOnlyList<IO.TensorData> BestWeights { get; init; } = [];
}
