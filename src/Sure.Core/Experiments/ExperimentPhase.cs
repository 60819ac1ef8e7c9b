namespace Sure.Experiments;

/// <summary>Progress events of an experiment, per run.</summary>
public enum ExperimentPhase
{
    /// <summary>Its folder already holds a complete result.json: not run again.</summary>
    Skipped,
    /// <summary>Another live process holds its claim (a shard running it): left to that process (for now: the runner comes back to it).</summary>
    HeldElsewhere,
    Started,
    Completed,
    Failed,
}
