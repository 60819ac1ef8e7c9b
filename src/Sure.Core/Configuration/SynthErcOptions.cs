namespace Sure.Configuration;

/// <summary>
/// Parameters of the built-in SynthERC benchmark generator (see docs/syntherc.md). Everything is
/// deterministic given <see cref="Seed"/>.
/// </summary>
public sealed record SynthErcOptions
{
    public int Seed { get; init; } = 20260;
    public int Classes { get; init; } = 6;
    public int MinSpeakers { get; init; } = 2;
    public int MaxSpeakers { get; init; } = 3;
    public int TrainDialogues { get; init; } = 160;
    public int ValidDialogues { get; init; } = 40;
    public int TestDialogues { get; init; } = 60;
    public int MinLength { get; init; } = 8;
    public int MaxLength { get; init; } = 60;
    public int TextDim { get; init; } = 64;
    public int AudioDim { get; init; } = 48;
    public int VisualDim { get; init; } = 32;
    /// <summary>Probability that a speaker keeps their previous emotion.</summary>
    public double Persistence { get; init; } = 0.7;
    /// <summary>Probability mass pulled towards the emotion the previous speaker expressed (context strength).</summary>
    public double Influence { get; init; } = 0.2;
    /// <summary>Signal strength (class-mean separation / noise sd) of each modality: text strongest, visual weakest.</summary>
    public double TextSignal { get; init; } = 1.0;
    public double AudioSignal { get; init; } = 0.7;
    public double VisualSignal { get; init; } = 0.5;
    /// <summary>Per-utterance probability that a modality's view is corrupted (heavily noised or missing).</summary>
    public double TextCorruption { get; init; } = 0.2;
    public double AudioCorruption { get; init; } = 0.2;
    public double VisualCorruption { get; init; } = 0.2;
    /// <summary>Of the corrupted views, the fraction that are missing (all zeros) rather than heavily noised.</summary>
    public double MissingFraction { get; init; } = 0.5;
    /// <summary>Scale of the per-speaker offset added to every view.</summary>
    public double SpeakerOffset { get; init; } = 0.3;
}
