namespace Sure.IO;

/// <summary>Atomic writes: the content goes to a temporary file beside the target, which is then renamed over it.</summary>
public static class AtomicFile
{
    /// <returns>The full path written.</returns>
    public static string WriteAllText(string path, string content) =>
        Write(path, tmp => File.WriteAllText(tmp, content));

    /// <returns>The full path written.</returns>
    public static string WriteAllBytes(string path, byte[] content) =>
        Write(path, tmp => File.WriteAllBytes(tmp, content));

    /// <summary>Calls <paramref name="writeTemp"/> with a temporary path in the target's folder, then renames it to <paramref name="path"/>.</summary>
    public static string Write(string path, Action<string> writeTemp)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            writeTemp(tmp);
            File.Move(tmp, full, overwrite: true);
            return full;
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
