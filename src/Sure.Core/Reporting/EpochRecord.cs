using System.Text.Json;

namespace Sure.Reporting;

/// <summary>One entry of history.json: losses, validation metrics (percent) and wall time of one training epoch.</summary>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double ValidLoss,
    double ValidWeightedF1,
    double ValidAccuracy,
    double? TestWeightedF1,
    double Seconds)
{
    public const string FileName = "history.json";

    public static string ToJson(IEnumerable<EpochRecord> history) => JsonSerializer.Serialize(history.ToArray(), ResultJson.Options);

    public static EpochRecord[] FromJson(string json) =>
        JsonSerializer.Deserialize<EpochRecord[]>(json, ResultJson.Options) ?? [];

    /// <summary>Reads <c>runDir/history.json</c> (or the file itself when a file path is given).</summary>
    public static EpochRecord[] Read(string path)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, FileName);
        return FromJson(File.ReadAllText(path));
    }

    /// <summary>Writes history.json atomically into <paramref name="runDir"/>; returns its path.</summary>
    public static string Write(string runDir, IEnumerable<EpochRecord> history) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, FileName), ToJson(history));
}
