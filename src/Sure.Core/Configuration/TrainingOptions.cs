namespace Sure.Configuration;

/// <summary>How the model is trained: epochs, batch size, optimiser, schedule, seed, class weighting, selection protocol, early stopping. One of the option groups a <see cref="SureConfig"/> (the run configuration, config.json) is
/// composed of; config.json keeps its flat keys.</summary>
public sealed record TrainingOptions
{
    public double MoeLossWeight { get; init; } = 0.01;
    public int Epochs { get; init; } = 150;
    public int BatchSize { get; init; } = 16;
    public double Lr { get; init; } = 1e-4;
    public double WeightDecay { get; init; } = 1e-5;
    public double GradClip { get; init; } = 1.0;
    /// <summary>Learning-rate schedule: constant (the paper) or cosine (with warm-up).</summary>
    public LrSchedule LrSchedule { get; init; } = LrSchedule.Constant;
    /// <summary>Epochs of linear learning-rate warm-up (cosine schedule only; may be fractional).</summary>
    public double WarmupEpochs { get; init; } = 1;
    public int Seed { get; init; } = 1;
    public ClassWeighting ClassWeights { get; init; } = ClassWeighting.Auto;
    public SelectionProtocol Protocol { get; init; } = SelectionProtocol.Validation;
    /// <summary>Stop after this many epochs without improvement of the selection metric; 0 = never.</summary>
    public int Patience { get; init; }
}
