using System.IO.Compression;
using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Data;
using Sure.FrontEnds;

namespace Sure.Text;

/// <summary>
/// The GloVe TextCNN text front end, "textcnn" (<c>--glove</c>; the default text encoder): a TextCNN over the run's word
/// vectors trained on the training split (cross-fitted with <see cref="TextCnnOptions.Folds"/>), its features cached
/// (<see cref="TextFeaturePipeline"/>). Without word vectors it does not apply: the data's given text vectors are read.
/// </summary>
public sealed class TextCnnFrontEndKind : IFrontEndKind
{
    /// <summary>Its name, <c>--text-encoder textcnn</c>.</summary>
    public const string Name = "textcnn";

    public string Kind => Name;
    public Modality Modality => Modality.Text;
    public string Description => "a TextCNN over GloVe word vectors (glove), trained on the training split";
    /// <summary>The TextCNN learns from the training split's labels.</summary>
    public bool UsesLabels => true;
    public bool AppliesTo(SureConfig config) => config.Glove is not null;
    /// <summary>The word vectors and every TextCNN setting (its own seed among them; the run's seed does not change it).</summary>
    public string SettingsKey(SureConfig config) => $"glove={config.Glove}; {config.TextCnn.CanonicalString()}; warmStart={config.TextCnn.WarmStart}";

    public IFrontEnd Fit(ConversationDataset dataset, FrontEndContext context)
    {
        var config = context.Config ?? throw new ArgumentException("the TextCNN front end reads its word vectors and settings from the run's configuration (FrontEndContext.Config).", nameof(context));
        var glove = config.Glove ?? throw new Errors.SureUserException("the textcnn text encoder needs word vectors (glove).");
        return TextFeaturePipeline.EnsureTextFeatures(dataset, glove, config.TextCnn, context.CacheDirectory, context.Log, progress: null);
    }

    public IFrontEnd Read(ZipArchive zip, string prefix, JsonObject description, string path, FrontEndRuntime runtime) =>
        TextCnnFrontEnd.ReadFrom(zip, prefix, path);
}
