using Sure.Data;

namespace Sure.Synth;

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
