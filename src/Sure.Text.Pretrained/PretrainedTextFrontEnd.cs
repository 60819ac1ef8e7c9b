using System.IO.Compression;
using System.Text.Json.Nodes;
using Sure.Data;
using Sure.Errors;
using Sure.FrontEnds;

namespace Sure.Text.Bert;

/// <summary>
/// The frozen pretrained text front ends ("minilm", "arctic-xs"): each utterance's unit-norm sentence vector from the
/// packaged ONNX model through ONNX Runtime. Nothing is copied into the model file; its manifest names the package and
/// the SHA-256 of its model.onnx, and a build whose package differs refuses the file.
/// </summary>
public sealed class PretrainedTextFrontEnd(PretrainedTextModel model, int threads) : IFrontEnd
{
    private readonly Lazy<OnnxSentenceEncoder> _encoder = new(() => new OnnxSentenceEncoder(model, threads: Math.Max(1, threads)));

    public PretrainedTextModel Model => model;
    public string Kind => model.Key;
    public Modality Modality => Modality.Text;
    public int Dim => model.Dim;

    public JsonObject Describe() => PackageIdentity(model);

    /// <summary>The package and model.onnx hash a text front end was made from.</summary>
    internal static JsonObject PackageIdentity(PretrainedTextModel model) =>
        new() { ["package"] = $"{model.PackageId} {model.PackageVersion}", ["onnx_sha256"] = model.OnnxSha256 };

    /// <summary>Checks that <paramref name="description"/>'s package hash is this build's (when it names one).</summary>
    internal static void CheckPackage(JsonObject description, PretrainedTextModel model, string path, bool fineTuned)
    {
        if (description["onnx_sha256"]?.GetValue<string>() is not { } sha || sha == model.OnnxSha256) return;
        var name = description["package"]?.GetValue<string>() ?? "?";
        throw new SureDataException(fineTuned
            ? $"the model's text encoder was fine-tuned from {name} (model.onnx SHA-256 {sha[..Math.Min(12, sha.Length)]}…); this build carries {model.PackageId} {model.PackageVersion} with a different model.onnx (another vocabulary or architecture)."
            : $"the model was trained on text vectors from {name} (model.onnx SHA-256 {sha[..Math.Min(12, sha.Length)]}…); this build carries {model.PackageId} {model.PackageVersion} with a different model.onnx, so its vectors would not match.", path);
    }

    public float[]?[] Encode(IReadOnlyList<Utterance> utterances, string dialogueId, int firstIndex = 0)
    {
        var encoder = _encoder.Value;
        lock (encoder) return encoder.Encode([.. utterances.Select(u => u.Text)]).Vectors;
    }

    /// <summary>All conversations' sentences in one call: the encoder sorts them by length into batches across conversations.</summary>
    public float[]?[][] EncodeMany(IReadOnlyList<ConversationSlice> conversations) =>
        ConversationSlice.EncodeFlat(conversations, all => Encode(all, conversations.Count > 0 ? conversations[0].DialogueId : ""));

    public void WriteTo(ZipArchive zip, string prefix) { }

    public void Dispose()
    {
        if (_encoder.IsValueCreated) _encoder.Value.Dispose();
    }
}

/// <summary>Registers a frozen <see cref="PretrainedTextFrontEnd"/> under the model's key.</summary>
public sealed class PretrainedTextFrontEndKind(PretrainedTextModel model) : IFrontEndKind
{
    public string Kind => model.Key;
    public Modality Modality => Modality.Text;
    public string Description => $"{model.ModelName} sentence vectors (frozen, ONNX Runtime)";
    /// <summary>Frozen sentence vectors are given vectors: the shared MiniLM feature files were made by this encoder.</summary>
    public InputPreset? Preset => Loading.InputPresets.GivenVectors.For(Kind);

    public IFrontEnd Fit(ConversationDataset dataset, FrontEndContext context)
    {
        PretrainedTextFeatures.Ensure(dataset, model, context.Threads, context.CacheDirectory, context.Log);
        return new PretrainedTextFrontEnd(model, context.Threads);
    }

    public IFrontEnd Read(ZipArchive zip, string prefix, JsonObject description, string path, FrontEndRuntime runtime)
    {
        PretrainedTextFrontEnd.CheckPackage(description, model, path, fineTuned: false);
        return new PretrainedTextFrontEnd(model, runtime.Threads);
    }
}
