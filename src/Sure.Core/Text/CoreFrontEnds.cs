using Sure.FrontEnds;

namespace Sure.Text;

/// <summary>
/// Sure.Core's own front ends, the GloVe TextCNN ("textcnn"). Data loading and the model file add them to whatever catalog
/// the caller passes (<see cref="FrontEndCatalog.Including"/>), so a model trained on GloVe features always opens; an
/// application may register them itself as well. A Sure.Core front end is registered here, one line each.
/// </summary>
public static class CoreFrontEnds
{
    /// <summary>Every front end kind of Sure.Core.</summary>
    public static IFrontEndKind[] All => [new TextCnnFrontEndKind()];

    /// <summary><paramref name="catalog"/> (none: an empty one) plus those of Sure.Core's front ends it lacks.</summary>
    public static FrontEndCatalog AddTo(FrontEndCatalog? catalog) => (catalog ?? FrontEndCatalog.Empty).Including(All);
}
