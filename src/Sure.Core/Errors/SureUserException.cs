namespace Sure.Errors;

/// <summary>
/// A mistake in what the user gave us (bad option, bad file, bad data). The CLI prints its message on one
/// line and exits non-zero, without a stack trace. A message names settings through <see cref="Setting.Name"/>:
/// <see cref="Exception.Message"/> shows the library's names (<c>glove</c>), <see cref="MessageIn"/> an application's
/// (the CLI's <c>--glove</c>).
/// </summary>
public class SureUserException : Exception
{
    private readonly string _template;

    public SureUserException(string message) : base(Setting.Render(message)) => _template = message;
    public SureUserException(string message, Exception inner) : base(Setting.Render(message), inner) => _template = message;

    /// <summary>The keys of the settings the message names (<see cref="Setting.Name"/>), in order.</summary>
    public IReadOnlyList<string> Settings => Setting.KeysIn(_template);

    /// <summary>The message with its settings named by <paramref name="vocabulary"/> (a key it does not know keeps the
    /// library's name).</summary>
    public string MessageIn(Func<string, string?> vocabulary) => Setting.Render(_template, vocabulary);
}
