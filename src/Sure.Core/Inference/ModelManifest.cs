using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sure.Inference;

/// <summary>
/// <c>manifest.json</c> of a model file (<see cref="ModelFile"/>): what the model is, what it needs, how it was made.
/// Written with snake_case names; unknown fields are ignored when read, so later minor additions stay readable.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>Always "sure-model".</summary>
    public string Format { get; init; } = ModelFile.FormatName;
    /// <summary>Bumped when a reader of an older version could not use the file.</summary>
    public int FormatVersion { get; init; } = ModelFile.FormatVersion;
    public DateTime CreatedUtc { get; init; }
    /// <summary>The Sure build that wrote it (assembly informational version).</summary>
    public string MadeBy { get; init; } = "";
    /// <summary>The command line of the run, when known.</summary>
    public string? Command { get; init; }
    /// <summary>The dataset's name (e.g. IEMOCAP, MELD, SynthERC).</summary>
    public string Dataset { get; init; } = "";
    /// <summary>Class names, in the model's output order.</summary>
    public string[] Classes { get; init; } = [];
    /// <summary>The modalities the model reads, e.g. "t" or "tav".</summary>
    public string Modalities { get; init; } = "";
    /// <summary>The model's input size per modality (text, audio, visual); 0 for a modality the data did not have.</summary>
    public Dictionary<string, int> Dims { get; init; } = [];
    public long Parameters { get; init; }
    /// <summary>Format version 4: the model options (<see cref="Configuration.ModelOptions"/>, with config.json's keys), what
    /// the model is rebuilt from; nothing about training (epochs, learning rate) or where the data was. Null in versions 1–3.</summary>
    public JsonObject? Model { get; init; }
    /// <summary>Format version 4, end-to-end text encoder only: its TextCNN settings (config.json's <c>textCnn</c>); null otherwise.</summary>
    public JsonObject? TextCnn { get; init; }
    /// <summary>Format versions 1–3: the whole run configuration (config.json), from which the model was rebuilt; null in
    /// version 4 files (<see cref="Model"/>).</summary>
    public JsonObject? Config { get; init; }
    public TextFrontEndInfo TextFrontEnd { get; init; } = new();
    /// <summary>Format version 2: the front ends that make a modality's vectors from raw input (e.g. audio from recordings),
    /// each with its entries under <c>front_ends/{modality}/</c>; null or empty in version 1 files.</summary>
    public List<FrontEnds.FrontEndEntry>? FrontEnds { get; init; }
    public TrainingDataInfo TrainingData { get; init; } = new();
    /// <summary>The run's metrics: protocol, best epoch, and accuracy / weighted F1 / macro F1 / UAR per split (result.json).</summary>
    public JsonObject? Metrics { get; init; }
    /// <summary>Display names of <see cref="Classes"/>, in the same order ("frustrated" for "fru"); null in files written
    /// before they were recorded (<see cref="DisplayNames"/> derives them then).</summary>
    public string[]? ClassDisplayNames { get; init; }
    /// <summary>Every other entry of the file → its SHA-256 (hex): checked when the file is opened.</summary>
    public Dictionary<string, string> Entries { get; init; } = [];

    /// <summary>Display names of <see cref="Classes"/>: the recorded ones, or (older files, or a count that does not
    /// match) each id's name from <see cref="Data.Formats.EmotionClasses.DisplayName"/>.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> DisplayNames => ClassDisplayNames is { } d && d.Length == Classes.Length && d.All(n => !string.IsNullOrWhiteSpace(n))
        ? d : Data.Formats.EmotionClasses.DisplayNames(Classes);

    /// <summary>The run's warnings recorded in <see cref="Metrics"/> (a result at or below the majority class, a run
    /// stopped while still improving); empty when there are none, also in files written before warnings were recorded.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Warnings => Metrics?["warnings"] is JsonArray a
        ? [.. a.Select(n => n?.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null).OfType<string>()]
        : [];

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>How the model gets its text input from raw text.</summary>
/// <param name="Kind">"features" (vectors given with each utterance), "textcnn" (GloVe TextCNN(s) in the file, under text/),
/// "end2end" (the model's own GloVe CNN, its vocabulary under text/), or a pretrained sentence encoder shipped in a NuGet
/// package ("minilm", "arctic-xs": not copied into the file; <paramref name="Package"/> names it and its ONNX hash).</param>
/// <param name="Fingerprint">SHA-256 over the front end's entries (names and hashes); null for "features".</param>
/// <param name="WordVectors">the word-vector file it was made from: its file name and SHA-256 (provenance; not needed to open).</param>
/// <param name="Vocabulary">number of token ids (padding and unknown included); 0 for "features".</param>
/// <param name="EmbeddingDim">word-vector size of the front end (0 for "features").</param>
/// <param name="Package">pretrained encoders: the NuGet package ("id version") and the SHA-256 of the model.onnx inside it.</param>
public sealed record TextFrontEndInfo(string Kind = "features", string? Fingerprint = null, FileIdentity? WordVectors = null, int Vocabulary = 0, int EmbeddingDim = 0, FileIdentity? Package = null);

/// <summary>A file by name (no folder) and content hash.</summary>
public sealed record FileIdentity(string Name, string Sha256);

/// <summary>What the model was trained on.</summary>
/// <param name="Fingerprint">SHA-256 over the class names and every dialogue's id, split, and utterances' speaker, text, label and features.</param>
/// <param name="Source">the data file's name (no folder), or "SynthERC".</param>
public sealed record TrainingDataInfo(string Fingerprint = "", string Source = "", int Dialogues = 0, int Utterances = 0);
