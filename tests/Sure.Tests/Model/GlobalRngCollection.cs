namespace Sure.Tests.Model;

/// <summary>
/// Tests that need exact reproducibility of TorchSharp's process-wide random generator: xUnit runs them alone, after
/// the parallel tests, so no other test thread draws from (or reseeds) the generator in between.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRngCollection
{
    public const string Name = "TorchSharp global RNG";
}
