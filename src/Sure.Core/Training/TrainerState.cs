using System.Text.Json;
using Sure.IO;

namespace Sure.Training;

/// <summary>
/// What a run needs to resume (trainer_state.json): the last completed epoch, the checkpoint files of that epoch,
/// the best epoch so far and the history. Written atomically after the epoch's checkpoint files, so it never
/// points at a half-written checkpoint.
/// </summary>
public sealed record TrainerState
{
    public int LastEpoch { get; init; }
    public string LastModel { get; init; } = "";
    public string LastOptimizer { get; init; } = "";
    public int BestEpoch { get; init; }
    public double BestScore { get; init; } = double.NegativeInfinity;
    public int EpochsWithoutImprovement { get; init; }
    public bool Finished { get; init; }
    public List<EpochRecord> History { get; init; } = [];

    public const string FileName = "trainer_state.json";
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public void Save(string runDir) => AtomicFile.WriteAllText(Path.Combine(runDir, FileName), JsonSerializer.Serialize(this, Options));

    public static TrainerState? Load(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new Errors.SureUserException($"{path}: corrupt trainer state ({e.Message}); cannot resume.");
        }
    }
}
