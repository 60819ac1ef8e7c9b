using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Errors;
using Sure.IO;
using Sure.Model;
using Sure.Text;
using Sure.Loading;

namespace Sure.Inference;

/// <summary>What a model file holds, read or about to be written.</summary>
public sealed class ModelFileContents
{
    public required ModelManifest Manifest { get; init; }
    /// <summary>The model options the model is rebuilt from (<see cref="SureConfig.ModelOptions"/>; a version 1–3 file's are
    /// read from the whole run configuration it stored).</summary>
    public required ModelOptions Model { get; init; }
    /// <summary>The end-to-end text encoder's TextCNN settings (its architecture); null for any other model.</summary>
    public TextCnnOptions? EndToEndTextCnn { get; init; }
    /// <summary>The model's state dict (parameters and buffers, input normalisation included).</summary>
    public required IReadOnlyList<TensorData> Weights { get; init; }
    /// <summary>The end-to-end text encoder's vocabulary (<see cref="EndToEndText"/>); its embedding is among the weights.</summary>
    public Vocabulary? EndToEndVocabulary { get; init; }
    /// <summary>The front ends (the manifest's list, or a version-1/2 file's text front end under <c>text/</c>), in manifest order.</summary>
    public IReadOnlyList<FrontEnds.IFrontEnd> FrontEnds { get; init; } = [];

    /// <summary>Disposes the front ends it holds (after a failed open).</summary>
    internal void DisposeFrontEnds()
    {
        foreach (var f in FrontEnds) f.Dispose();
    }
}

/// <summary>
/// The self-contained model file, <c>model.sure</c>: a zip holding <c>manifest.json</c> (<see cref="ModelManifest"/>),
/// <c>weights.safetensors</c> (the model's state dict, float32) and, for a model that reads raw input, its front ends under
/// <c>front_ends/{modality}/</c> (e.g. the GloVe TextCNN's vocabulary and weights, with the word vectors they use), or the
/// end-to-end text encoder's vocabulary under <c>text/</c>. Opening it needs no training data,
/// no word-vector file and no path from training. Opening is strict: a truncated or corrupt zip, an unknown format version,
/// a missing entry, an entry whose SHA-256 differs from the manifest's, or a tensor of the wrong shape each give one
/// <see cref="SureUserException"/> line naming the file.
/// </summary>
public static class ModelFile
{
    public const string FormatName = "sure-model";
    /// <summary>The version this build writes. Version 2 added the front-end list (<see cref="ModelManifest.FrontEnds"/>);
    /// version 3 moved the GloVe TextCNN from <c>text/</c> into that list (<c>front_ends/text/</c>); version 4 stores the
    /// model options alone (<see cref="ModelManifest.Model"/>, and <see cref="ModelManifest.TextCnn"/> for the end-to-end
    /// encoder) instead of the whole run configuration (<see cref="ModelManifest.Config"/>: epochs, learning rate, data path).</summary>
    public const int FormatVersion = 4;
    /// <summary>The oldest version this build still reads.</summary>
    public const int MinFormatVersion = 1;
    /// <summary>The file name a run writes into its folder.</summary>
    public const string FileName = "model.sure";
    public const string ManifestEntry = "manifest.json";
    public const string WeightsEntry = "weights.safetensors";
    /// <summary>Where a version-1 or -2 file keeps its text front end (and any version its end-to-end vocabulary).</summary>
    private const string TextPrefix = "text/";

    /// <summary>The model file of a trained model: its <paramref name="weights"/> (<see cref="TensorData.FromModule"/>), <paramref name="data"/>'s text front end
    /// and fingerprint, the run's <paramref name="result"/> metrics.</summary>
    public static ModelFileContents Create(SureConfig config, Sure.Model.ModelInfo info, IReadOnlyList<TensorData> weights, LoadedData data, Reporting.RunResult? result, string? command, Vocabulary? endToEndVocabulary = null)
    {
        // the end-to-end encoder is built from its spec's settings (the run's TextCnn options when it comes from the CLI)
        if (data.TextEncoder is { } te) config = config with { TextCnn = te.Options };
        var text = data.FrontEnds.FirstOrDefault(f => f.Modality == Modality.Text);
        var endToEnd = text is null ? endToEndVocabulary ?? data.TextEncoder?.Vocabulary : null;
        var described = text?.Describe();
        var package = described?["package"]?.GetValue<string>() is { } pn && described["onnx_sha256"]?.GetValue<string>() is { } ps ? new FileIdentity(pn, ps) : null;
        var manifest = new ModelManifest
        {
            CreatedUtc = DateTime.UtcNow,
            MadeBy = "Sure " + BuildInfo.Version,
            Command = command,
            Dataset = info.Dataset,
            Classes = info.ClassNames,
            ClassDisplayNames = EmotionClasses.DisplayNames(info.ClassNames),
            Modalities = Modalities.Format(Modalities.Parse(config.Modalities)),
            Dims = Modalities.All.ToDictionary(m => m.Name(), m => info.Dims[(int)m]),
            Parameters = info.Parameters,
            TextFrontEnd = new TextFrontEndInfo(text?.Kind ?? (endToEnd is not null ? EndToEndText.Kind : "features"), null,
                config.Glove is not null && File.Exists(config.Glove) ? new FileIdentity(Path.GetFileName(config.Glove), Sha256OfFile(config.Glove)) : null,
                endToEnd?.Count ?? IntOf(described, "vocabulary"), endToEnd is not null ? info.TextEmbeddingDim : IntOf(described, "embedding_dim"),
                package),
            TrainingData = new TrainingDataInfo(Fingerprint(data.Dataset), config.Corpora is { } corpora ? string.Join("+", corpora.Select(c => Path.GetFileName(Path.TrimEndingDirectorySeparator(c.Data))))
                : config.Data is null ? "SynthERC" : Path.GetFileName(Path.TrimEndingDirectorySeparator(config.Data)),
                data.Dataset.Dialogues.Count, data.Dataset.Dialogues.Sum(d => d.Count)),
            Metrics = result is null ? null : Metrics(JsonSerializer.SerializeToNode(result, Reporting.ResultJson.Options)!.AsObject()),
            FrontEnds = data.FrontEnds.Count == 0 ? null : [.. data.FrontEnds.Select(f => new FrontEnds.FrontEndEntry(f.Modality.Name(), f.Kind, f.Dim, f.Describe()))],
        };
        return new ModelFileContents
        {
            Manifest = manifest, Model = config.ModelOptions, EndToEndTextCnn = endToEnd is not null ? config.TextCnn : null, Weights = weights,
            EndToEndVocabulary = endToEnd, FrontEnds = data.FrontEnds,
        };
    }

    /// <summary>A whole number a front end's description gives (e.g. the TextCNN's "vocabulary"); 0 when it gives none.</summary>
    private static int IntOf(JsonObject? described, string name) =>
        described?[name] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;

    /// <summary>The model file of <paramref name="model"/> as it is (e.g. untrained, for tests and benchmarks): no
    /// training data, no metrics; text from given vectors, or from the front end <paramref name="text"/>, or read by the
    /// model's own end-to-end encoder over <paramref name="endToEnd"/> (word vectors of <paramref name="embeddingDim"/>).</summary>
    /// <param name="dims">the model's input size per modality, indexed by <see cref="Modality"/>.</param>
    internal static ModelFileContents OfModel(SureConfig config, int[] dims, string[] classes, DialogueModel model,
        FrontEnds.IFrontEnd? text = null, Vocabulary? endToEnd = null, int embeddingDim = 0)
    {
        var described = text?.Describe();
        return new()
        {
            Manifest = new ModelManifest
            {
                Classes = classes, ClassDisplayNames = EmotionClasses.DisplayNames(classes), Modalities = Modalities.Format(Modalities.Parse(config.Modalities)),
                Dims = Modalities.All.ToDictionary(m => m.Name(), m => dims[(int)m]), Parameters = model.CountParameters(),
                TextFrontEnd = text is not null ? new TextFrontEndInfo(text.Kind, Vocabulary: IntOf(described, "vocabulary"), EmbeddingDim: IntOf(described, "embedding_dim"))
                    : endToEnd is not null ? new TextFrontEndInfo(EndToEndText.Kind, Vocabulary: endToEnd.Count, EmbeddingDim: embeddingDim)
                    : new TextFrontEndInfo(),
                FrontEnds = text is null ? null : [new FrontEnds.FrontEndEntry(text.Modality.Name(), text.Kind, text.Dim, described!)],
            },
            Model = config.ModelOptions,
            EndToEndTextCnn = endToEnd is not null ? config.TextCnn : null,
            Weights = TensorData.FromModule(model),
            EndToEndVocabulary = endToEnd,
            FrontEnds = text is null ? [] : [text],
        };
    }

    /// <summary>The model options as the manifest stores them: the keys of config.json.</summary>
    private static JsonObject ModelJson(ModelOptions options) => JsonSerializer.SerializeToNode(options, SureConfig.Json)!.AsObject();

    private static JsonObject TextCnnJson(TextCnnOptions options) => JsonSerializer.SerializeToNode(options, SureConfig.Json)!.AsObject();

    /// <summary>What the model is rebuilt from: version 4's model options (and end-to-end TextCNN settings), or the model
    /// options of the whole run configuration a version 1–3 file stored.</summary>
    private static (ModelOptions Model, TextCnnOptions TextCnn) ModelOptionsOf(ModelManifest manifest, string path)
    {
        if (manifest.FormatVersion <= 3)
        {
            var config = SureConfig.FromJson((manifest.Config ?? throw new SureDataException($"{ManifestEntry} has no config (format version {manifest.FormatVersion}).", path)).ToJsonString(),
                $"{path}!{ManifestEntry} config");
            return (config.ModelOptions, config.TextCnn);
        }
        var model = manifest.Model ?? throw new SureDataException($"{ManifestEntry} has no model options (model).", path);
        try
        {
            return (model.Deserialize<ModelOptions>(SureConfig.Json) ?? throw new JsonException("null"),
                manifest.TextCnn?.Deserialize<TextCnnOptions>(SureConfig.Json) ?? new TextCnnOptions());
        }
        catch (JsonException e) { throw new SureDataException($"{ManifestEntry}'s model options are malformed ({ErrorText.OneLine(e.Message)}).", path); }
    }

    private static JsonObject Metrics(JsonObject result)
    {
        JsonObject Overall(string split) => result[split] is JsonObject s
            ? new JsonObject { ["accuracy"] = s["accuracy"]?.DeepClone(), ["weighted_f1"] = s["weighted_f1"]?.DeepClone(), ["macro_f1"] = s["macro_f1"]?.DeepClone(), ["uar"] = s["uar"]?.DeepClone(), ["utterances"] = s["utterances"]?.DeepClone() }
            : [];
        var metrics = new JsonObject
        {
            ["protocol"] = result["protocol"]?.DeepClone(), ["seed"] = result["seed"]?.DeepClone(), ["best_epoch"] = result["best_epoch"]?.DeepClone(),
            ["valid"] = Overall("valid"), ["test"] = Overall("test"),
        };
        // the majority-class baseline and the run's warnings (ModelManifest.Warnings), where the run recorded them
        foreach (var key in new[] { "majority_baseline", "warnings" })
            if (result[key] is { } node) metrics[key] = node.DeepClone();
        return metrics;
    }

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> atomically in this build's format version; the
    /// manifest's model options (from <see cref="ModelFileContents.Model"/>), entry hashes and front-end fingerprint are
    /// filled in here.</summary>
    public static void Write(string path, ModelFileContents contents)
    {
        // 1. every entry but the manifest, into memory
        var entries = new List<(string Name, byte[] Bytes)>();
        using (var staging = new MemoryStream())
        {
            using (var zip = new ZipArchive(staging, ZipArchiveMode.Create, leaveOpen: true))
            {
                TensorData.WriteEntry(zip, WeightsEntry, contents.Weights);
                foreach (var f in contents.FrontEnds) f.WriteTo(zip, FrontEndPrefix(f));
                if (contents.EndToEndVocabulary is { } v) EndToEndText.WriteVocabulary(zip, v);
            }
            staging.Position = 0;
            using var read = new ZipArchive(staging, ZipArchiveMode.Read);
            foreach (var e in read.Entries)
            {
                using var s = e.Open();
                var ms = new MemoryStream();
                s.CopyTo(ms);
                entries.Add((e.FullName, ms.ToArray()));
            }
        }
        // 2. hashes and fingerprint into the manifest, then manifest first and the entries after it
        var hashes = entries.ToDictionary(e => e.Name, e => Convert.ToHexStringLower(SHA256.HashData(e.Bytes)));
        var manifest = contents.Manifest with
        {
            // what this build writes, also for the contents of an older file read back: the model options, not a run configuration
            FormatVersion = FormatVersion,
            Model = ModelJson(contents.Model),
            TextCnn = contents.EndToEndTextCnn is { } tc ? TextCnnJson(tc) : null,
            Config = null,
            Entries = hashes,
            TextFrontEnd = contents.Manifest.TextFrontEnd with
            {
                Fingerprint = FrontEndFingerprint(hashes, TextPrefix) ?? FrontEndFingerprint(hashes, FrontEnds.FrontEndEntry.PrefixOf(Modality.Text.Name())),
            },
            FrontEnds = contents.FrontEnds.Count == 0 ? null
                : [.. contents.FrontEnds.Select(f => new FrontEnds.FrontEndEntry(f.Modality.Name(), f.Kind, f.Dim, f.Describe(), FrontEndFingerprint(hashes, FrontEndPrefix(f))))],
        };
        AtomicFile.Write(path, tmp =>
        {
            using var zip = ZipFile.Open(tmp, ZipArchiveMode.Create);
            using (var w = new StreamWriter(zip.CreateEntry(ManifestEntry).Open(), new UTF8Encoding(false)))
                w.Write(JsonSerializer.Serialize(manifest, ModelManifest.Json));
            foreach (var (name, bytes) in entries)
            {
                using var s = zip.CreateEntry(name, name.EndsWith(".safetensors", StringComparison.Ordinal) ? CompressionLevel.Fastest : CompressionLevel.Optimal).Open();
                s.Write(bytes);
            }
        });
    }

    private static string FrontEndPrefix(FrontEnds.IFrontEnd f) => FrontEnds.FrontEndEntry.PrefixOf(f.Modality.Name());

    private static string? FrontEndFingerprint(Dictionary<string, string> hashes, string prefix)
    {
        var text = hashes.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        if (text.Count == 0) return null;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", text.Select(kv => kv.Key + " " + kv.Value)))));
    }

    /// <summary>Reads and checks a model file; every problem is one <see cref="SureUserException"/> line naming <paramref name="path"/>.</summary>
    /// <param name="frontEnds">the front ends the application registered; a model file that needs one it lacks is one line naming it.</param>
    /// <param name="runtime">runtime settings (threads) of the front ends read; null: one thread.</param>
    public static ModelFileContents Read(string path, FrontEnds.FrontEndCatalog? frontEnds = null, FrontEnds.FrontEndRuntime? runtime = null)
    {
        frontEnds = CoreFrontEnds.AddTo(frontEnds);
        runtime ??= new Sure.FrontEnds.FrontEndRuntime();
        if (Directory.Exists(path))
            throw new SureUserException($"{path}: a folder, not a model file (a run folder holds {FileName}; or {Setting.Name("command:export", "export one from the checkpoint in")} {path}).");
        if (!File.Exists(path)) throw new SureUserException($"{path}: no such model file.");
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(path); }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            if (CheckpointAdvice(path) is { } advice) throw new SureUserException(advice);
            throw new SureUserException($"{path}: not a readable Sure model file ({ErrorText.OneLine(e.Message)}; truncated or corrupt?).");
        }
        try
        {
            var manifest = ReadManifest(zip, path);
            foreach (var (name, hash) in manifest.Entries)
            {
                var entry = zip.GetEntry(name) ?? throw new SureDataException($"entry '{name}' is missing.", path);
                using var s = entry.Open();
                if (Convert.ToHexStringLower(SHA256.HashData(s)) != hash) throw new SureDataException($"entry '{name}' is corrupt (its SHA-256 differs from the manifest's).", path);
            }
            if (!manifest.Entries.ContainsKey(WeightsEntry)) throw new SureDataException($"entry '{WeightsEntry}' is missing.", path);
            var (model, textCnn) = ModelOptionsOf(manifest, path);
            var weights = TensorData.ReadEntry(zip, WeightsEntry, path);
            Vocabulary? e2e = null;
            var registered = new List<FrontEnds.IFrontEnd>();
            try
            {
                switch (manifest.TextFrontEnd.Kind)
                {
                    case "features": break;
                    case EndToEndText.Kind: e2e = EndToEndText.ReadVocabulary(zip, path); break;
                    case var k when manifest.FrontEnds?.Any(f => f.Modality == Modality.Text.Name()) == true:
                        if (manifest.FrontEnds.Single(f => f.Modality == Modality.Text.Name()).Kind != k)
                            throw new SureDataException($"the manifest's text front end '{k}' is not its front-end list's.", path);
                        break;
                    case var k:
                        // format version 1 (a pretrained encoder) or 1 and 2 (the GloVe TextCNN): the text front end, not in the list, with its entries under text/
                        var package = manifest.TextFrontEnd.Package;
                        var description = package is null ? [] : new JsonObject { ["package"] = package.Name, ["onnx_sha256"] = package.Sha256 };
                        registered.Add(ReadFrontEnd(zip, new FrontEnds.FrontEndEntry(Modality.Text.Name(), k, manifest.Dims[Modality.Text.Name()], description), TextPrefix, frontEnds, runtime, path));
                        break;
                }
                foreach (var entry in manifest.FrontEnds ?? [])
                {
                    registered.Add(ReadFrontEnd(zip, entry, entry.Prefix, frontEnds, runtime, path));
                    var fe = registered[^1];
                    if (fe.Dim != entry.Dim || fe.Modality.Name() != entry.Modality)
                        throw new SureDataException($"the {entry.Modality} front end '{entry.Kind}' read back makes {fe.Modality.Name()} vectors of {fe.Dim} values; the manifest says {entry.Modality}, {entry.Dim}.", path);
                }
            }
            catch
            {
                foreach (var f in registered) f.Dispose();
                throw;
            }
            return new ModelFileContents { Manifest = manifest, Model = model, EndToEndTextCnn = e2e is null ? null : textCnn, Weights = weights, EndToEndVocabulary = e2e, FrontEnds = registered };
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new SureUserException($"{path}: not a readable Sure model file ({ErrorText.OneLine(e.Message)}; truncated or corrupt?).");
        }
        finally
        {
            zip.Dispose();
        }
    }

    /// <summary>For a training checkpoint given where a model file is expected (a .pt file, or any file of a run folder
    /// that is not a zip): what to use instead; null otherwise.</summary>
    public static string? CheckpointAdvice(string path)
    {
        var full = Path.GetFullPath(path);
        var runDir = Path.GetDirectoryName(full) ?? ".";
        bool inRun = File.Exists(Path.Combine(runDir, "config.json")) && File.Exists(Path.Combine(runDir, "model.json"));
        if (!path.EndsWith(".pt", StringComparison.OrdinalIgnoreCase) && !(inRun && Path.GetFileName(full) != FileName)) return null;
        var shown = Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
        var model = Path.Combine(shown, FileName);
        return File.Exists(Path.Combine(runDir, FileName))
            ? $"{path}: this is a training checkpoint, not a model file: use {model} (the run's model file)."
            : $"{path}: this is a training checkpoint, not a model file: use its run's {FileName}, or {Setting.Name("command:export", "export one from the checkpoint in")} {shown}.";
    }

    private static FrontEnds.IFrontEnd ReadFrontEnd(ZipArchive zip, FrontEnds.FrontEndEntry entry, string prefix, FrontEnds.FrontEndCatalog catalog,
        FrontEnds.FrontEndRuntime runtime, string path)
    {
        if (!catalog.TryGet(entry.Kind, out var kind))
            throw new SureDataException($"the model reads {entry.Modality} through the '{entry.Kind}' front end, which this application has not registered "
                + $"(registered: {(catalog.Kinds.Count == 0 ? "none" : string.Join(", ", catalog.Kinds.Select(x => x.Kind).Order(StringComparer.Ordinal)))}; "
                + "the sure command registers Sure.Text.Pretrained's and Sure.Audio's; a library user references those packages and registers them).", path);
        return kind.Read(zip, prefix, entry.Settings, path, runtime);
    }

    private static ModelManifest ReadManifest(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(ManifestEntry) ?? throw new SureUserException($"{path}: not a Sure model file (no {ManifestEntry}).");
        JsonNode? node;
        try
        {
            using var s = entry.Open();
            node = JsonNode.Parse(s);
        }
        catch (JsonException e) { throw new SureDataException($"{ManifestEntry} is not valid JSON ({ErrorText.OneLine(e.Message)}).", path); }
        if (node is not JsonObject obj || obj["format"]?.GetValueKind() != JsonValueKind.String || (string?)obj["format"] != FormatName)
            throw new SureUserException($"{path}: not a Sure model file ({ManifestEntry} does not say \"format\": \"{FormatName}\").");
        int version = obj["format_version"] is JsonValue jv && jv.TryGetValue<int>(out var fv) ? fv : -1;
        if (version < MinFormatVersion || version > FormatVersion)
            throw new SureUserException(version > FormatVersion
                ? $"{path}: model file format version {version} is newer than this build reads ({FormatVersion}); update Sure."
                : $"{path}: unknown model file format version {version} (this build reads {MinFormatVersion} to {FormatVersion}).");
        try
        {
            var manifest = obj.Deserialize<ModelManifest>(ModelManifest.Json) ?? throw new JsonException("empty");
            if (manifest.Classes.Length == 0) throw new SureDataException($"{ManifestEntry} names no classes.", path);
            foreach (var m in Modalities.All)
                if (!manifest.Dims.ContainsKey(m.Name())) throw new SureDataException($"{ManifestEntry} lacks the {m.Name()} input size (dims).", path);
            return manifest;
        }
        catch (JsonException e) { throw new SureDataException($"{ManifestEntry} is malformed ({ErrorText.OneLine(e.Message)}).", path); }
    }

    /// <summary>SHA-256 over the class names and every dialogue's id and split, and its utterances' speaker, text, label and feature vectors (in order).</summary>
    public static string Fingerprint(ConversationDataset dataset)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var b8 = new byte[8];
        void Int(long v) { BinaryPrimitives.WriteInt64LittleEndian(b8, v); h.AppendData(b8); }
        void Str(string? s)
        {
            if (s is null) { Int(-1); return; }
            var b = Encoding.UTF8.GetBytes(s);
            Int(b.Length);
            h.AppendData(b);
        }
        Str("sure-data v1");
        Int(dataset.ClassNames.Length);
        foreach (var c in dataset.ClassNames) Str(c);
        foreach (var d in dataset.Dialogues)
        {
            Str(d.Id);
            Int((int)d.Split);
            Int(d.Count);
            foreach (var u in d.Utterances)
            {
                Str(u.Speaker);
                Str(u.Text);
                Int(u.Label);
                foreach (var f in u.Features)
                {
                    Int(f?.Length ?? -1);
                    if (f is not null) h.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.AsSpan()));
                }
            }
        }
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    private static string Sha256OfFile(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

}
