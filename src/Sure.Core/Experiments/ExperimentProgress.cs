namespace Sure.Experiments;

/// <summary>
/// One progress event: run <see cref="Index"/> (0-based) of <see cref="Total"/> entered <see cref="Phase"/>.
/// <see cref="Elapsed"/> is the run's wall time (zero for Skipped and Started); <see cref="Message"/> explains a failure.
/// </summary>
public sealed record ExperimentProgress(int Index, int Total, ExperimentRun Run, ExperimentPhase Phase, TimeSpan Elapsed, string? Message = null);
