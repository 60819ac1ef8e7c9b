using System.Globalization;
using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// Where an utterance's audio is, as the loaders read and write it: a recording path (relative to the data file's folder,
/// or absolute) and an optional segment of it in seconds. Paths are resolved to absolute ones and the recording must
/// exist when the data is loaded; the audio is not decoded here.
/// </summary>
internal static class AudioFields
{
    /// <summary>The file extensions taken as recordings (a WebVTT transcript's recording is found by them).</summary>
    public static readonly string[] Extensions = [".wav", ".mp3", ".ogg", ".mp4", ".m4a", ".flac", ".webm"];

    /// <summary>
    /// The absolute path of <paramref name="path"/> (absolute, or relative to <paramref name="baseDir"/>); an empty path
    /// or a recording that does not exist is <paramref name="bad"/>'s error.
    /// </summary>
    public static string Resolve(string path, string baseDir, Func<string, SureDataException> bad)
    {
        if (string.IsNullOrWhiteSpace(path)) throw bad("\"audio\" must be a non-empty path");
        string full;
        try { full = Path.GetFullPath(Path.Combine(baseDir, path.Trim())); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw bad($"the audio path '{path}' is not a valid path ({e.Message})");
        }
        if (!File.Exists(full))
            throw bad(Directory.Exists(full) ? $"the audio path '{path}' is a folder, not a recording" : $"the recording '{full}' does not exist");
        return full;
    }

    /// <summary>
    /// The utterance's segment of the recording <paramref name="recording"/> (already resolved; null when neither the
    /// utterance nor its dialogue names one). Start must be ≥ 0 and end after start; a start or end without a recording
    /// is an error.
    /// </summary>
    public static AudioSegment? Segment(string? recording, double? start, double? end, Func<string, SureDataException> bad)
    {
        if (recording is null)
        {
            if (start is not null || end is not null)
                throw bad("\"start\"/\"end\" need an \"audio\" recording (on the utterance or its dialogue)");
            return null;
        }
        if (start is { } s && !(s >= 0 && double.IsFinite(s))) throw bad($"\"start\" is {Format(s)} s; it must be a finite number ≥ 0");
        if (end is { } e && !(double.IsFinite(e) && e > (start ?? 0)))
            throw bad($"\"end\" ({Format(e)} s) must come after \"start\" ({Format(start ?? 0)} s)");
        return new AudioSegment(recording, start, end);
    }

    /// <summary>A number of seconds from a text cell ("1.25"); empty is null, anything but a finite number is <paramref name="bad"/>'s error.</summary>
    public static double? ParseSeconds(string cell, string name, Func<string, SureDataException> bad)
    {
        var s = cell.Trim();
        if (s.Length == 0) return null;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw bad($"\"{name}\" '{cell}' is not a number of seconds");
    }

    /// <summary>
    /// How a data file in folder <paramref name="dir"/> names the recording <paramref name="recording"/>: relative (with '/')
    /// when the recording lies in that folder or below it, otherwise the absolute path.
    /// </summary>
    public static string PathFor(string recording, string dir)
    {
        var full = Path.GetFullPath(recording);
        var relative = Path.GetRelativePath(Path.GetFullPath(dir), full);
        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith("../", StringComparison.Ordinal))
            return full;
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
