using System.Text;

namespace Sure.Reporting;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a partial file:
/// the bytes go to a temporary file in the same folder, which is then renamed over the target (rename within a
/// folder is atomic on POSIX file systems). The folder is created when missing.
/// </summary>
public static class AtomicFile
{
    public static string WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch { /* best effort */ }
            throw;
        }
        return full;
    }

    /// <summary>Writes UTF-8 text (no byte-order mark).</summary>
    public static string WriteAllText(string path, string text) =>
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
}
