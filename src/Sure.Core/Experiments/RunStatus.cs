namespace Sure.Experiments;

/// <summary>How one training run ended.</summary>
public enum RunStatus
{
    /// <summary>Finished and wrote a complete result.json.</summary>
    Completed,
    /// <summary>Failed; the experiment goes on with the other runs (a rerun resumes or redoes it).</summary>
    Failed,
}
