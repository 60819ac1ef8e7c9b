namespace Sure.Data;

/// <summary>
/// One utterance of a dialogue. <see cref="Label"/> is the class index, or -1 when unlabelled.
/// <see cref="Features"/> is indexed by <see cref="Modality"/>; an entry is null when that modality is absent.
/// </summary>
public sealed class Utterance
{
    public required string Speaker { get; init; }
    public int Label { get; set; } = -1;
    public string? Text { get; init; }
    /// <summary>The utterance's recording (or segment of one), when the data names it; an audio front end turns it into <see cref="Features"/>[Audio].</summary>
    public AudioSegment? Audio { get; init; }
    public float[]?[] Features { get; init; } = new float[]?[Modalities.Count];

    public float[]? this[Modality m]
    {
        get => Features[(int)m];
        set => Features[(int)m] = value;
    }
}
