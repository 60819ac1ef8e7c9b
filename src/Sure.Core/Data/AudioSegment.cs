namespace Sure.Data;

/// <summary>
/// Where an utterance's audio is: a recording (<paramref name="Path"/>, absolute once loaded: loaders resolve a relative
/// path against the data file's folder) and, optionally, the segment of it in seconds. Null <paramref name="Start"/> is
/// the beginning, null <paramref name="End"/> the end of the recording.
/// </summary>
public sealed record AudioSegment(string Path, double? Start = null, double? End = null)
{
    /// <summary>The recording's bytes when it came inline (an upload, base64 in a request) rather than as a file; then
    /// <see cref="Path"/> is only its name in messages.</summary>
    public byte[]? Bytes { get; init; }
}
