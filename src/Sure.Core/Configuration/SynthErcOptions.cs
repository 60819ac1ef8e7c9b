namespace Sure.Configuration;

/// <summary>
/// Parameters of the built-in SynthERC benchmark generator (see docs/syntherc.md for the generative model and the
/// measured ceilings of these defaults). Everything is deterministic given <see cref="Seed"/>.
/// </summary>
public sealed record SynthErcOptions
{
    public int Seed { get; init; } = 20260;
    public int Classes { get; init; } = 6;
    /// <summary>Speakers per dialogue are drawn uniformly from MinSpeakers..MaxSpeakers.</summary>
    public int MinSpeakers { get; init; } = 2;
    public int MaxSpeakers { get; init; } = 3;
    /// <summary>Number of distinct speaker identities ("S01".."Snn") the speakers of a dialogue are drawn from; each has its own feature offsets.</summary>
    public int SpeakerPool { get; init; } = 8;
    /// <summary>Probability that the next utterance is by the same speaker; otherwise the next speaker is uniform over the others.</summary>
    public double SameSpeakerProbability { get; init; } = 0.25;
    public int TrainDialogues { get; init; } = 600;
    public int ValidDialogues { get; init; } = 40;
    public int TestDialogues { get; init; } = 60;
    public int MinLength { get; init; } = 8;
    public int MaxLength { get; init; } = 60;
    public int TextDim { get; init; } = 64;
    public int AudioDim { get; init; } = 48;
    public int VisualDim { get; init; } = 32;
    /// <summary>Probability mass on the speaker's own previous emotion (once they have spoken).</summary>
    public double Persistence { get; init; } = 0.6;
    /// <summary>Probability mass on the emotion the previous utterance expressed (context strength).</summary>
    public double Influence { get; init; } = 0.2;
    /// <summary>Skew of the base class distribution: base_k ∝ exp(ClassSkew·z_k), z_k standard normal fixed by the seed; 0 = uniform.</summary>
    public double ClassSkew { get; init; } = 0.5;
    /// <summary>Signal strength of each modality: the norm of its class means (the noise is N(0, I)); text strongest, visual weakest.</summary>
    public double TextSignal { get; init; } = 1.4;
    public double AudioSignal { get; init; } = 1.0;
    public double VisualSignal { get; init; } = 0.7;
    /// <summary>Per-utterance probability that a modality's view is corrupted (heavily noised or missing).</summary>
    public double TextCorruption { get; init; } = 0.2;
    public double AudioCorruption { get; init; } = 0.2;
    public double VisualCorruption { get; init; } = 0.2;
    /// <summary>Of the corrupted views, the fraction that are missing (all zeros) rather than heavily noised.</summary>
    public double MissingFraction { get; init; } = 0.5;
    /// <summary>Noise standard deviation of a heavily noised view (the clean noise sd is 1).</summary>
    public double CorruptedNoiseScale { get; init; } = 4.0;
    /// <summary>Norm of the per-speaker offset added to every view of that speaker.</summary>
    public double SpeakerOffset { get; init; } = 0.3;
}
