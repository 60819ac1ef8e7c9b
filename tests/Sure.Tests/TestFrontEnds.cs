using Sure.FrontEnds;
using Sure.Text.Bert;

namespace Sure.Tests;

/// <summary>The front ends an application like the sure command registers, for tests that go through the library directly.</summary>
internal static class TestFrontEnds
{
    public static FrontEndCatalog Catalog { get; } = Sure.Audio.FrontEnds.AudioFrontEnds.Register(PretrainedTextFrontEnds.Register(Sure.Text.CoreFrontEnds.AddTo(FrontEndCatalog.Empty)));
}
