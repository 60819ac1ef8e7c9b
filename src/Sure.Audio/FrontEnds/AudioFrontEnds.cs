using Sure.FrontEnds;

namespace Sure.Audio.FrontEnds;

/// <summary>
/// The audio front ends of this package, to register in an application's <see cref="FrontEndCatalog"/>:
/// <code>var catalog = AudioFrontEnds.Register(FrontEndCatalog.Empty);</code>
/// "descriptors" (<see cref="DescriptorFrontEnd"/>, an eGeMAPS-like acoustic descriptor set) and "logmel-cnn"
/// (<see cref="LogMelFrontEnd"/>, a CNN over log-mel spectrograms trained on the training split, cross-fitted), and the
/// two side by side, "descriptors+logmel-cnn".
/// </summary>
public static class AudioFrontEnds
{
    /// <summary>Every audio front end kind of this package.</summary>
    public static IFrontEndKind[] All =>
        [new DescriptorFrontEndKind(), new LogMelFrontEndKind(), new ConcatFrontEndKind(new DescriptorFrontEndKind(), new LogMelFrontEndKind())];

    /// <summary><paramref name="catalog"/> plus this package's audio front ends.</summary>
    public static FrontEndCatalog Register(FrontEndCatalog catalog) => catalog.With(All);
}
