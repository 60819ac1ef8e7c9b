namespace Sure.Tests.Model;

/// <summary>
/// Tests that need exact reproducibility of libtorch's process-wide random generator (<see cref="Sure.Training.GlobalGenerator"/>:
/// a run twice, a resumed run, a learning threshold under a fixed seed), or that change libtorch's process-wide thread
/// count: xUnit runs them alone, after the parallel tests, so no other test thread draws from (or reseeds) the
/// generator or changes the thread count in between. A test that trains but asserts nothing that depends on the draws
/// (files written, predictions reproduced from saved weights, messages) does not belong here.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRngCollection
{
    public const string Name = "TorchSharp global RNG";
}
