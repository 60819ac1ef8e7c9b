namespace Sure.FrontEnds;

/// <summary>A text front end (or the model's own text encoder) that reads words from a vocabulary: how much of a text it
/// knows, reported with each prediction so a user sees when new text is mostly unknown words.</summary>
public interface IVocabularyCoverage
{
    /// <summary>The share of <paramref name="text"/>'s tokens in the vocabulary; null for a text with no tokens.</summary>
    float? KnownShare(string? text);
}
