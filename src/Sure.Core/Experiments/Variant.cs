using Sure.Configuration;

namespace Sure.Experiments;

/// <summary>
/// A named change to the base configuration (an ablation or an override), e.g. "no-moe" → UseMoe = false.
/// <see cref="Name"/> is also the folder name of its runs, <see cref="Description"/> says what it changes.
/// </summary>
public sealed record Variant(string Name, string Description, Func<SureConfig, SureConfig> Apply)
{
    /// <summary>The unchanged base configuration.</summary>
    public static Variant Full { get; } = new("full", "base configuration", c => c);

    public override string ToString() => $"{Name} ({Description})";
}
