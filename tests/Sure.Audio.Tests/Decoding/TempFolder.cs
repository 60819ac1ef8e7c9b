namespace Sure.Audio.Tests.Decoding;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>The folder's path.</summary>
    public string Dir { get; } = Directory.CreateTempSubdirectory("sure-audio-test-").FullName;

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => Path.Combine(Dir, name);

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
