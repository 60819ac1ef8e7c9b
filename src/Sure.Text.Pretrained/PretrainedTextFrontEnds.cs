using Sure.FrontEnds;

namespace Sure.Text.Bert;

/// <summary>
/// The text front ends of this package, to register in an application's <see cref="FrontEndCatalog"/>:
/// <code>var catalog = PretrainedTextFrontEnds.Register(FrontEndCatalog.Empty);</code>
/// "minilm", "arctic-xs" (frozen, ONNX Runtime) and "minilm-ft", "arctic-xs-ft" (fine-tuned on the training split).
/// </summary>
public static class PretrainedTextFrontEnds
{
    /// <summary>Every text front end kind of this package.</summary>
    public static IFrontEndKind[] All =>
        [.. PretrainedTextModel.All.SelectMany(m => new IFrontEndKind[] { new PretrainedTextFrontEndKind(m), new FineTunedTextFrontEndKind(m) })];

    /// <summary><paramref name="catalog"/> plus this package's text front ends.</summary>
    public static FrontEndCatalog Register(FrontEndCatalog catalog) => catalog.With(All);
}
