using Sure.Errors;

namespace Sure.Audio;

/// <summary>
/// What a decoding error names: the file (a path, or an upload's name) and, when known, the dialogue and utterance.
/// Builds the one-line <see cref="SureDataException"/> every decoding failure throws.
/// </summary>
internal sealed record AudioOrigin(string Name, string? DialogueId, int? Utterance)
{
    /// <summary>A data error naming this origin; <paramref name="problem"/> is flattened to one line.</summary>
    public SureDataException Error(string problem, Exception? inner = null) =>
        new(OneLine(problem), Name, DialogueId, Utterance, inner);

    /// <summary>Newlines and tabs replaced by spaces, runs of spaces collapsed, trimmed.</summary>
    public static string OneLine(string text)
    {
        var parts = text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', parts);
    }
}
