using Sure.Errors;

namespace Sure.Data.Pickle;

/// <summary>A pickle stream that is truncated, corrupt or uses a feature this reader does not support.</summary>
public sealed class PickleFormatException : SureUserException
{
    /// <summary>Byte offset in the stream where the problem was found (-1 when unknown).</summary>
    public long Offset { get; }

    public PickleFormatException(string message, long offset = -1)
        : base(offset >= 0 ? $"Invalid pickle at byte {offset}: {message}" : $"Invalid pickle: {message}")
    {
        Offset = offset;
    }
}
