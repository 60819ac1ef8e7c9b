using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Sure.Errors;
using Sure.IO;

namespace Sure.Audio.LogMel;

/// <summary>
/// The trained log-mel front end: the spectrogram settings, the normalisation fit on the training clips and the
/// <see cref="LogMelCnn"/>(s) that made the vectors of the clips outside the training split, so that new clips get
/// vectors exactly as those did. Either the K fold models, whose class probabilities are averaged (cross-fitted
/// log-probs with <see cref="LogMelOptions.TestFrom"/> = folds), or one model trained on the whole training split.
/// Weights are held as plain arrays; the modules are built once, on first use. Safe to call from several threads (one
/// at a time inside). Runs with whatever libtorch thread count the caller has set.
/// </summary>
public sealed class LogMelEncoder : IDisposable
{
    private const int FormatVersion = 1;
    private readonly object _gate = new();
    private LogMelCnn[]? _modules;

    /// <summary>The settings of the spectrogram, the network and its training.</summary>
    public LogMelOptions Options { get; }
    /// <summary>Classes of the models' heads.</summary>
    public int ClassCount { get; }
    /// <summary>Each model's state (blocks.*, fc.*, head.*).</summary>
    public IReadOnlyList<IReadOnlyList<TensorData>> Models { get; }
    /// <summary>Whether a vector is the log of the models' mean class probabilities (more than one model).</summary>
    public bool AveragesFolds => Models.Count > 1;
    /// <summary>Size of one vector: the classes for log-probs, <see cref="LogMelOptions.Hidden"/> for hidden embeddings.</summary>
    public int Dim => Options.ExportSize(ClassCount);

    /// <summary>The spectrogram normalisation fit on the training clips.</summary>
    internal LogMelNormalizer Normalizer { get; }

    internal LogMelEncoder(LogMelOptions options, int classCount, LogMelNormalizer normalizer, IReadOnlyList<IReadOnlyList<TensorData>> models)
    {
        if (models.Count == 0) throw new ArgumentException("at least one model is needed", nameof(models));
        if (models.Count > 1 && options.Export != LogMelOptions.LogProbsExport)
            throw new ArgumentException("only log-probs can be averaged over several models", nameof(models));
        Options = options.Validate();
        ClassCount = classCount;
        Normalizer = normalizer;
        Models = models;
    }

    /// <summary>One vector of <see cref="Dim"/> values per clip (16 kHz; longer than <see cref="LogMelOptions.MaxSeconds"/> cut to the middle).</summary>
    public float[][] Encode(IReadOnlyList<AudioClip> clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var analyzer = new LogMelAnalyzer(Options);
        var specs = clips.Select(c =>
        {
            ArgumentNullException.ThrowIfNull(c, nameof(clips));
            var data = analyzer.Compute(c, out int frames);
            return Normalizer.Apply(new LogMelSpec(data, frames), Options.Mels);
        }).ToList();
        return EncodeSpecs(specs);
    }

    /// <summary>Vectors of already normalised spectrograms.</summary>
    internal float[][] EncodeSpecs(IReadOnlyList<LogMelSpec> specs)
    {
        if (specs.Count == 0) return [];
        lock (_gate)
        {
            EnsureModules("log-mel encoder");
            bool logProbs = Options.Export == LogMelOptions.LogProbsExport;
            if (!AveragesFolds) return LogMelBatches.Run(_modules[0], specs, logProbs);
            return LogMelBatches.LogMeanProbabilities(_modules.Select(m => LogMelBatches.Run(m, specs, true)).ToList());
        }
    }

    /// <summary>Builds the modules from <see cref="Models"/> once; a missing tensor or a wrong shape is a
    /// <see cref="SureDataException"/> naming <paramref name="source"/>. Call inside the lock.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_modules))]
    private void EnsureModules(string source)
    {
        if (_modules is not null) return;
        var built = new List<LogMelCnn>();
        try
        {
            for (int k = 0; k < Models.Count; k++)
            {
                var m = new LogMelCnn(ClassCount, Options, Options.Seed);
                built.Add(m);
                TensorData.LoadInto(m, Models[k], $"{source} (log-mel CNN {k})");
                m.eval();
            }
        }
        catch
        {
            foreach (var m in built) m.Dispose();
            throw;
        }
        _modules = [.. built];
    }

    // ---------- storage: entries under a prefix of a zip (the model file's "audio/", or a cache entry) ----------

    private sealed record Header(int FormatVersion, int ClassCount, int Models, LogMelOptions Options, string Normalization, float[] Mean, float[] Std);

    /// <summary>Writes <c>{prefix}logmel.json</c> (settings, classes, normalisation) and <c>{prefix}logmel-{k}.safetensors</c> (each model).</summary>
    public void WriteTo(ZipArchive zip, string prefix)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var header = new Header(FormatVersion, ClassCount, Models.Count, Options, Normalizer.Mode, Normalizer.Mean, Normalizer.Std);
        using (var w = new StreamWriter(zip.CreateEntry(prefix + "logmel.json").Open(), new UTF8Encoding(false)))
            w.Write(JsonSerializer.Serialize(header, Configuration.SureConfig.Json));
        for (int k = 0; k < Models.Count; k++) TensorData.WriteEntry(zip, $"{prefix}logmel-{k}.safetensors", Models[k]);
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; anything missing or inconsistent is a <see cref="SureDataException"/> naming <paramref name="path"/>.</summary>
    public static LogMelEncoder ReadFrom(ZipArchive zip, string prefix, string path)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var entry = zip.GetEntry(prefix + "logmel.json") ?? throw new SureDataException($"entry '{prefix}logmel.json' is missing.", path);
        Header h;
        try
        {
            using var r = new StreamReader(entry.Open(), Encoding.UTF8);
            h = JsonSerializer.Deserialize<Header>(r.ReadToEnd(), Configuration.SureConfig.Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e) { throw new SureDataException($"entry '{prefix}logmel.json' is malformed ({e.Message}).", path); }
        if (h.FormatVersion != FormatVersion)
            throw new SureDataException($"entry '{prefix}logmel.json' has format version {h.FormatVersion}; this build reads version {FormatVersion}.", path);
        if (h.Models < 1 || h.ClassCount < 1 || h.Options is null || h.Mean is null || h.Std is null || h.Normalization != h.Options.Normalization)
            throw new SureDataException($"entry '{prefix}logmel.json' is incomplete.", path);
        var options = h.Options.Validate();
        if (h.Normalization == LogMelOptions.GlobalNormalization && (h.Mean.Length != options.Mels || h.Std.Length != options.Mels))
            throw new SureDataException($"entry '{prefix}logmel.json' has {h.Mean.Length} normalisation means for {options.Mels} mel bands.", path);
        var models = Enumerable.Range(0, h.Models)
            .Select(k => (IReadOnlyList<TensorData>)TensorData.ReadEntry(zip, $"{prefix}logmel-{k}.safetensors", path)).ToList();
        var encoder = new LogMelEncoder(options, h.ClassCount, new LogMelNormalizer(h.Normalization, h.Mean, h.Std), models);
        lock (encoder._gate) encoder.EnsureModules(path); // a tensor of the wrong shape fails at open, not at first use
        return encoder;
    }

    /// <summary>Frees the built modules (native memory).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_modules is null) return;
            foreach (var m in _modules) m.Dispose();
            _modules = null;
        }
    }
}
