using Sure.Errors;

namespace Sure.Data.Pickle;

/// <summary>A pickle stream that is truncated, corrupt or uses a feature this reader does not support.</summary>
public sealed class PickleFormatException : SureUserException
{
    /// <summary>Byte offset in the stream where the problem was found (-1 when unknown).</summary>
    public long Offset { get; }

    /// <summary>The file the pickle came from, when known.</summary>
    public string? File { get; }

    public PickleFormatException(string message, long offset = -1, string? file = null)
        : base((file is null ? "" : $"{file}: ") + (offset >= 0 ? $"Invalid pickle at byte {offset}: {message}" : $"Invalid pickle: {message}"))
    {
        Offset = offset;
        File = file;
        Problem = message;
    }

    /// <summary>The problem alone, without file and offset.</summary>
    public string Problem { get; }

    /// <summary>The same error, naming the file.</summary>
    public PickleFormatException InFile(string file) => new(Problem, Offset, file);
}
