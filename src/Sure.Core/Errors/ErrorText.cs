namespace Sure.Errors;

/// <summary>Messages shown to users as one line (the CLI's error line, a model file's problem).</summary>
public static class ErrorText
{
    /// <summary>The message with its line breaks and tabs folded into single spaces.</summary>
    public static string OneLine(string message) =>
        string.Join(" ", message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
