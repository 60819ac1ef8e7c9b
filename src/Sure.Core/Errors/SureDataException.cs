namespace Sure.Errors;

/// <summary>Bad input data. The message always names the file and, where known, the dialogue and the utterance.</summary>
public sealed class SureDataException : SureUserException
{
    public string? File { get; }
    public string? DialogueId { get; }
    public int? UtteranceIndex { get; }

    public SureDataException(string problem, string? file = null, string? dialogueId = null, int? utteranceIndex = null, Exception? inner = null)
        : base(Compose(problem, file, dialogueId, utteranceIndex), inner ?? new Exception(problem))
    {
        File = file;
        DialogueId = dialogueId;
        UtteranceIndex = utteranceIndex;
    }

    private static string Compose(string problem, string? file, string? dialogue, int? utt)
    {
        var where = new List<string>();
        if (file is not null) where.Add(file);
        if (dialogue is not null) where.Add($"dialogue {dialogue}");
        if (utt is not null) where.Add($"utterance {utt}");
        return where.Count == 0 ? problem : $"{string.Join(", ", where)}: {problem}";
    }
}
