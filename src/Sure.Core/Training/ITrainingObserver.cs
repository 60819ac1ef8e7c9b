namespace Sure.Training;

/// <summary>What the trainer tells its caller while it runs (the CLI draws a progress bar from it).</summary>
public interface ITrainingObserver
{
    void OnStart(int firstEpoch, int totalEpochs) { }
    void OnBatch(int epoch, int batch, int batches) { }
    void OnEpoch(EpochRecord record) { }
    void OnMessage(string message) { }
    /// <summary>Something the user must know about the finished run (e.g. a result at or below the majority class);
    /// by default passed on as a message prefixed "warning: ".</summary>
    void OnWarning(string warning) => OnMessage("warning: " + warning);
}

public sealed class SilentObserver : ITrainingObserver
{
    public static readonly SilentObserver Instance = new();
}
