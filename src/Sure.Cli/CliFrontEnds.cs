using Sure.FrontEnds;

namespace Sure.Cli;

/// <summary>The front ends the sure command registers. Set once, here, by the application.</summary>
internal static class CliFrontEnds
{
    public static FrontEndCatalog Catalog { get; } = FrontEndCatalog.Empty;
}
