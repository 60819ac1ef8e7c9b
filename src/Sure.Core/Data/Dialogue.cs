namespace Sure.Data;

/// <summary>A dialogue: an id, its split and its utterances in order.</summary>
public sealed class Dialogue
{
    public required string Id { get; init; }
    public Split Split { get; set; }
    public List<Utterance> Utterances { get; init; } = [];
    public int Count => Utterances.Count;
}
