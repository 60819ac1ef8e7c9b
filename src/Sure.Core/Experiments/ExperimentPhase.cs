namespace Sure.Experiments;

/// <summary>Progress events of an experiment, per run.</summary>
public enum ExperimentPhase
{
    /// <summary>Its folder already holds a complete result.json: not run again.</summary>
    Skipped,
    Started,
    Completed,
    Failed,
}
