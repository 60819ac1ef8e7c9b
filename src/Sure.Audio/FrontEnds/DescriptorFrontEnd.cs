using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sure.Audio.Descriptors;
using Sure.Data;
using Sure.Errors;
using Sure.FrontEnds;

namespace Sure.Audio.FrontEnds;

/// <summary>
/// The "descriptors" audio front end: each utterance's recording, decoded to mono 16 kHz, becomes the acoustic descriptor
/// vector of <see cref="AcousticDescriptors"/> (docs/audio-descriptors.md). Nothing is learned, so nothing is cross-fitted;
/// SURE's input normalisation (training-split statistics, in the model) scales the values. The model file records the
/// descriptor set's version and names; a build whose descriptors differ refuses the file.
/// </summary>
public sealed class DescriptorFrontEnd : IFrontEnd
{
    public const string KindName = "descriptors";
    private const string Entry = "descriptors.json";
    private readonly AcousticDescriptors _descriptors = new();

    public string Kind => KindName;
    public Modality Modality => Modality.Audio;
    public int Dim => _descriptors.Dim;

    /// <summary>The descriptor set's version and value names.</summary>
    public JsonObject Describe() => new()
    {
        ["version"] = AcousticDescriptors.Version,
        ["sample_rate"] = AudioClip.StandardRate,
        ["values"] = _descriptors.Dim,
    };

    /// <summary>Descriptor vectors of the utterances that carry audio (null for those that do not); runs on <paramref name="threads"/> threads.</summary>
    internal float[]?[] Extract(IReadOnlyList<(Utterance U, string Dialogue, int Index)> items, int threads, Action<long, long, string>? progress)
    {
        var result = new float[]?[items.Count];
        OrderedParallel.For(items.Count, threads, i =>
        {
            var (u, d, k) = items[i];
            if (u.Audio is { } a) result[i] = _descriptors.Extract(AudioInput.Load(a, d, k));
        }, progress, "audio descriptors");
        return result;
    }

    public float[]?[] Encode(IReadOnlyList<Utterance> utterances, string dialogueId, int firstIndex = 0) =>
        Extract([.. utterances.Select((u, i) => (u, dialogueId, firstIndex + i))], 1, null);

    public void WriteTo(ZipArchive zip, string prefix)
    {
        var doc = new JsonObject { ["version"] = AcousticDescriptors.Version, ["names"] = new JsonArray([.. _descriptors.Names.Select(n => JsonValue.Create(n))]) };
        using var w = new StreamWriter(zip.CreateEntry(prefix + Entry).Open(), new UTF8Encoding(false));
        w.Write(doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Checks that the file's descriptors are the ones this build computes.</summary>
    internal static DescriptorFrontEnd ReadFrom(ZipArchive zip, string prefix, string path)
    {
        var fe = new DescriptorFrontEnd();
        var entry = zip.GetEntry(prefix + Entry) ?? throw new SureDataException($"entry '{prefix}{Entry}' is missing.", path);
        JsonNode? node;
        using (var r = new StreamReader(entry.Open(), Encoding.UTF8))
        {
            try { node = JsonNode.Parse(r.ReadToEnd()); }
            catch (JsonException e) { throw new SureDataException($"{prefix}{Entry} is not valid JSON ({ErrorText.OneLine(e.Message)}).", path); }
        }
        var version = node?["version"]?.GetValue<string>();
        if (version != AcousticDescriptors.Version)
            throw new SureDataException($"the model reads audio descriptors of version {version ?? "?"}; this build computes {AcousticDescriptors.Version}, whose values differ (use the Sure version that trained it, or retrain).", path);
        var names = node?["names"]?.AsArray().Select(n => n?.GetValue<string>() ?? "").ToArray() ?? [];
        if (!names.SequenceEqual(fe._descriptors.Names))
            throw new SureDataException($"{prefix}{Entry} names {names.Length} descriptors that differ from this build's {fe._descriptors.Dim} of version {AcousticDescriptors.Version}.", path);
        return fe;
    }

    public void Dispose() { }
}

/// <summary>Registers <see cref="DescriptorFrontEnd"/> as "descriptors".</summary>
public sealed class DescriptorFrontEndKind : IFrontEndKind
{
    public string Kind => DescriptorFrontEnd.KindName;
    public Modality Modality => Modality.Audio;
    public string Description => "an eGeMAPS-like acoustic descriptor set (F0, loudness, jitter, shimmer, HNR, formants, spectral balance, MFCC; functionals over the utterance)";

    /// <summary>The settings of the EmoDB runs (docs/audio.md): a small SURE, as a corpus of a few hundred utterances needs.</summary>
    public InputPreset? Preset => Speech(Kind);

    /// <summary>The preset of an audio front end's vectors: the EmoDB runs' settings (docs/audio.md).</summary>
    internal static InputPreset Speech(string kind) => new(kind, new JsonObject { ["hidden"] = 64, ["heads"] = 4, ["epochs"] = 20, ["lr"] = 1e-3 },
        "docs/audio.md, EmoDB runs");

    public IFrontEnd Fit(ConversationDataset dataset, FrontEndContext context)
    {
        var fe = new DescriptorFrontEnd();
        var items = dataset.Dialogues.SelectMany(d => d.Utterances.Select((u, i) => (u, d.Id, i))).ToList();
        var cache = new AudioFeatureCache(context.CacheDirectory, context.Log);
        var key = AudioFeatureCache.Key(dataset, $"{Kind} {AcousticDescriptors.Version} {fe.Dim}");
        var vectors = cache.TryRead(key, items.Count);
        if (vectors is null)
        {
            var t0 = System.Diagnostics.Stopwatch.StartNew();
            vectors = fe.Extract(items, context.Threads, context.Progress);
            int n = vectors.Count(v => v is not null);
            context.Log?.Invoke($"audio descriptors: {n} utterances × {fe.Dim} values in {t0.Elapsed.TotalSeconds:F1} s ({context.Threads} thread{(context.Threads == 1 ? "" : "s")}).");
            cache.Write(key, vectors);
        }
        for (int i = 0; i < items.Count; i++) items[i].u[Modality.Audio] = vectors[i];
        return fe;
    }

    public IFrontEnd Read(ZipArchive zip, string prefix, JsonObject description, string path, FrontEndRuntime runtime) => DescriptorFrontEnd.ReadFrom(zip, prefix, path);
}
