using System.Text.Json;
using Sure.IO;

namespace Sure.Training;

/// <summary>history.json in a run folder: one <see cref="EpochRecord"/> per finished epoch, rewritten by the trainer after
/// each epoch (so an interrupted run keeps the epochs it finished).</summary>
public static class TrainingHistory
{
    /// <summary>The file's name in the run folder.</summary>
    public const string FileName = "history.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes the history into <paramref name="runDir"/> (atomically).</summary>
    public static void Write(string runDir, IReadOnlyList<EpochRecord> history) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, FileName), JsonSerializer.Serialize(history, Indented));

    /// <summary>Reads the history of a run folder, or of a history file given by its path.</summary>
    public static EpochRecord[] Read(string runDirOrFile)
    {
        var path = Directory.Exists(runDirOrFile) ? Path.Combine(runDirOrFile, FileName) : runDirOrFile;
        return JsonSerializer.Deserialize<EpochRecord[]>(File.ReadAllText(path)) ?? [];
    }
}
