namespace Sure.Configuration;

/// <summary>Where and how a run executes: device, thread count, run folder. Not part of what a run computes beyond the thread count's effect on floating-point sums. One of the option groups a <see cref="SureConfig"/> (the run configuration, config.json) is
/// composed of; config.json keeps its flat keys.</summary>
public sealed record RuntimeOptions
{
    public string Device { get; init; } = "cpu";
    public int Threads { get; init; }
    public string? Out { get; init; }
}
