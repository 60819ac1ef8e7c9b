namespace Sure.Tests.Model;

/// <summary>
/// Tests that need exact reproducibility of libtorch's process-wide random generator (<see cref="Sure.Training.GlobalGenerator"/>:
/// a run twice, a resumed run, a learning threshold under a fixed seed), or that change libtorch's process-wide thread
/// count: xUnit runs them alone, after the parallel tests, so no other test thread draws from (or reseeds) the
/// generator or changes the thread count in between. A test that trains but asserts nothing that depends on the draws
/// (files written, messages, values within a tolerance) does not belong here. A test that compares two computations
/// exactly (predictions one by one and in parallel, features made twice) does: the CLI tests that run in parallel set
/// the thread count from their <c>--threads</c>, and a different count changes the order of floating-point sums.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRngCollection
{
    public const string Name = "TorchSharp global RNG";
}
