using System.Runtime.CompilerServices;
using Sure.Configuration;

namespace Sure.Tests;

/// <summary>What the `sure` command sets at its start, set here for the test process: libtorch's OpenMP threads wait
/// passively, so tests running beside each other (and beside other processes) do not spin against each other.</summary>
internal static class TestProcessSettings
{
#pragma warning disable CA2255 // a module initializer is the one hook that runs before any test (and libtorch) loads
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply() => OpenMpWaitPolicy.PreferPassive();
}
