namespace Sure.Tests.Architecture.PlantedA
{
    /// <summary>Half of a namespace cycle planted for <see cref="ArchitectureTests.TheNamespaceGraphFindsACycleAndOnlyACycle"/>.</summary>
    internal sealed class UsesB
    {
        public PlantedB.UsesA? Other { get; set; }
    }
}

namespace Sure.Tests.Architecture.PlantedB
{
    /// <summary>The other half of the planted cycle.</summary>
    internal sealed class UsesA
    {
        public PlantedA.UsesB? Other { get; set; }
    }
}
