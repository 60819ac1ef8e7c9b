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

    /// <summary>What <c>sure tune</c> chose on IEMOCAP's TextCNN features (docs/results.md, "The same four rows on the GloVe
    /// TextCNN features": 61.62 ± 1.32 test weighted F1 over 5 seeds); MELD's search chose a close neighbour (lr 7.25e-4,
    /// batch 32, no MoE loss).</summary>
    public InputPreset? Preset { get; } = new(Name, new JsonObject
    {
        ["hidden"] = 256, ["heads"] = 4, ["epochs"] = 30, ["lr"] = 4.33e-4, ["dropout"] = 0.2, ["weightDecay"] = 0.01,
        ["moeLossWeight"] = 0.1, ["residual"] = true, ["lrSchedule"] = "cosine", ["batchSize"] = 16,
    }, "docs/results.md, GloVe TextCNN rows, tuned");
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
