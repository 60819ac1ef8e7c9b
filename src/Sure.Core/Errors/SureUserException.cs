namespace Sure.Errors;

/// <summary>
/// A mistake in what the user gave us (bad option, bad file, bad data). The CLI prints its message on one
/// line and exits non-zero, without a stack trace.
/// </summary>
public class SureUserException : Exception
{
    public SureUserException(string message) : base(message) { }
    public SureUserException(string message, Exception inner) : base(message, inner) { }
}
