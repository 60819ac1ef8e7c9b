namespace Sure.Experiments;

/// <summary>What a run function reports back to the <see cref="ExperimentRunner"/>. Cancellation is signalled by throwing OperationCanceledException.</summary>
public sealed record RunOutcome(RunStatus Status, string? Message = null)
{
    public static RunOutcome Completed { get; } = new(RunStatus.Completed);
    public static RunOutcome Failed(string message) => new(RunStatus.Failed, message);
}
