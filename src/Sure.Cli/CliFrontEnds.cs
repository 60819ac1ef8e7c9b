using Sure.Audio.FrontEnds;
using Sure.FrontEnds;
using Sure.Text;
using Sure.Text.Bert;

namespace Sure.Cli;

/// <summary>The front ends the sure command registers: Sure.Core's own (the GloVe TextCNN), Sure.Text.Pretrained's text
/// encoders and Sure.Audio's audio front ends. Set once, here, by the application.</summary>
internal static class CliFrontEnds
{
    public static FrontEndCatalog Catalog { get; } = AudioFrontEnds.Register(PretrainedTextFrontEnds.Register(CoreFrontEnds.AddTo(FrontEndCatalog.Empty)));
}
