using Sure.Data;

namespace Sure.Synth;

/// <summary>What happened to one view of a SynthERC utterance.</summary>
public enum CorruptionKind
{
    /// <summary>Clean: signal + speaker offset + N(0, I).</summary>
    None = 0,
    /// <summary>Heavily noised: signal + speaker offset + N(0, σ²I), σ = CorruptedNoiseScale.</summary>
    Noised = 1,
    /// <summary>Missing: the vector is all zeros.</summary>
    Missing = 2,
}

/// <summary>Ground truth of one SynthERC utterance that a model does not see: the corruption of each view (t, a, v).</summary>
public sealed record SynthErcTruth(CorruptionKind Text, CorruptionKind Audio, CorruptionKind Visual)
{
    public CorruptionKind this[Modality m] => m switch
    {
        Modality.Text => Text,
        Modality.Audio => Audio,
        Modality.Visual => Visual,
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    public bool AnyCorrupted => Text != CorruptionKind.None || Audio != CorruptionKind.None || Visual != CorruptionKind.None;
}
