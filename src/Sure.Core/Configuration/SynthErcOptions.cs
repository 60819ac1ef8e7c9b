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

    /// <summary>The most joint states exact inference handles: (classes+1)^(max speakers) must not exceed it.</summary>
    public const int MaxExactStates = 20_000;

    /// <summary>Checks every setting; the first bad one is a <see cref="Errors.SureUserException"/> naming it.</summary>
    public SynthErcOptions Validate()
    {
        Require(Classes >= 2, "synth classes must be ≥ 2", Classes);
        Require(MinSpeakers >= 1, "synth min speakers must be ≥ 1", MinSpeakers);
        Require(MaxSpeakers >= MinSpeakers, "synth max speakers must be ≥ min speakers", MaxSpeakers);
        Require(SpeakerPool >= MaxSpeakers, "synth speaker pool must be ≥ max speakers", SpeakerPool);
        Require(Math.Pow(Classes + 1, MaxSpeakers) <= MaxExactStates,
            $"synth (classes+1)^(max speakers) must be ≤ {MaxExactStates} for exact inference; lower classes or max speakers", MaxSpeakers);
        Require(MinLength >= 1, "synth min length must be ≥ 1", MinLength);
        Require(MaxLength >= MinLength, "synth max length must be ≥ min length", MaxLength);
        Require(TrainDialogues >= 1, "synth train dialogues must be ≥ 1", TrainDialogues);
        Require(ValidDialogues >= 1, "synth valid dialogues must be ≥ 1", ValidDialogues);
        Require(TestDialogues >= 1, "synth test dialogues must be ≥ 1", TestDialogues);
        Require(TextDim >= 1, "synth text dim must be ≥ 1", TextDim);
        Require(AudioDim >= 1, "synth audio dim must be ≥ 1", AudioDim);
        Require(VisualDim >= 1, "synth visual dim must be ≥ 1", VisualDim);
        foreach (var (name, v) in new[]
                 {
                     ("persistence", Persistence), ("influence", Influence), ("same-speaker probability", SameSpeakerProbability),
                     ("text corruption", TextCorruption), ("audio corruption", AudioCorruption), ("visual corruption", VisualCorruption),
                     ("missing fraction", MissingFraction),
                 })
            Require(v >= 0 && v <= 1, $"synth {name} must be a probability in [0, 1]", v);
        Require(Persistence + Influence <= 1, "synth persistence + influence must be ≤ 1", Persistence + Influence);
        foreach (var (name, v) in new[]
                 {
                     ("text signal", TextSignal), ("audio signal", AudioSignal), ("visual signal", VisualSignal),
                     ("class skew", ClassSkew), ("speaker offset", SpeakerOffset),
                 })
            Require(v >= 0 && double.IsFinite(v), $"synth {name} must be a finite number ≥ 0", v);
        Require(CorruptedNoiseScale > 0 && double.IsFinite(CorruptedNoiseScale), "synth corrupted noise scale must be a finite number > 0", CorruptedNoiseScale);
            return this;
    }

    private static void Require(bool ok, string rule, object value)
    {
        if (!ok) throw new Errors.SureUserException($"Invalid value {Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}: {rule}.");
    }
}
