using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sure.Data;
using Sure.Errors;
using Sure.FrontEnds;
using Sure.IO;
using TorchSharp;
using Sure.Configuration;
using static TorchSharp.torch;

namespace Sure.Text;

/// <summary>
/// The text front end of a model trained on GloVe TextCNN features (<c>--glove</c>, <c>--text-encoder textcnn</c>): the
/// vocabulary, the word vectors it uses (inside each TextCNN's embedding) and the TextCNN(s) that made the validation
/// and test features, so new text gets features exactly as those splits did. One TextCNN (trained on the whole
/// training split) unless the features were cross-fitted log-probabilities: then the K fold TextCNNs, whose class
/// probabilities are averaged (<see cref="TextCnnFeatureExtractor.Extract"/>). Weights are held as plain arrays;
/// <see cref="Encode(IReadOnlyList{string})"/> builds the modules once, on first use. Safe to call from several threads (one at a time inside).
/// Registered as the front end "textcnn" (<see cref="TextCnnFrontEndKind"/>).
/// </summary>
public sealed class TextCnnFrontEnd : IFrontEnd, IVocabularyCoverage
{
    public Vocabulary Vocabulary { get; }
    public TextCnnOptions Options { get; }
    /// <summary>Word-vector size (the embedding's columns).</summary>
    public int EmbeddingDim { get; }
    public int ClassCount { get; }
    /// <summary>Each TextCNN's state (embedding.weight, convs.*, fc.*, head.*).</summary>
    public IReadOnlyList<IReadOnlyList<TensorData>> Models { get; }
    /// <summary>Whether the output is the log of the fold models' mean class probabilities (cross-fitted log-probs).</summary>
    public bool AveragesFolds => Models.Count > 1;
    /// <summary>Size of one utterance's feature vector.</summary>
    public int FeatureSize => Options.ExportSize(ClassCount);

    private readonly object _gate = new();
    private TextCnn[]? _modules;

    public string Kind => TextCnnFrontEndKind.Name;
    public Modality Modality => Modality.Text;
    public int Dim => FeatureSize;

    /// <summary>The manifest's description: its vocabulary size and word-vector size (the model file's <c>text_front_end</c>
    /// reports them too), the number of TextCNNs and what they export; the weights and settings are in its own entries.</summary>
    public JsonObject Describe() => new()
    {
        ["vocabulary"] = Vocabulary.Count, ["embedding_dim"] = EmbeddingDim, ["models"] = Models.Count, ["export"] = Options.Export,
    };

    /// <summary>Every utterance's vector from its text (an utterance without text gets the vector of no tokens, as in training).</summary>
    public float[]?[] Encode(IReadOnlyList<Utterance> utterances, string dialogueId, int firstIndex = 0) => Encode([.. utterances.Select(u => u.Text)]);

    /// <summary>All conversations' texts in one pass of the CNN (each text's vector does not depend on the others).</summary>
    public float[]?[][] EncodeMany(IReadOnlyList<ConversationSlice> conversations) =>
        ConversationSlice.EncodeFlat(conversations, all => Encode([.. all.Select(u => u.Text)]));

    public float? KnownShare(string? text) => Vocabulary.KnownShare(text);

    public TextCnnFrontEnd(Vocabulary vocabulary, TextCnnOptions options, int embeddingDim, int classCount, IReadOnlyList<IReadOnlyList<TensorData>> models)
    {
        if (models.Count == 0) throw new ArgumentException("at least one TextCNN is needed", nameof(models));
        Vocabulary = vocabulary;
        Options = options;
        EmbeddingDim = embeddingDim;
        ClassCount = classCount;
        Models = models;
    }

    /// <summary>One feature vector per text, as the training pipeline exported them for its validation and test splits.</summary>
    public float[][] Encode(IReadOnlyList<string?> texts)
    {
        var ids = texts.Select(Vocabulary.Encode).ToArray();
        var result = new float[texts.Count][];
        if (texts.Count == 0) return result;
        bool logProbs = Options.Export == TextCnnOptions.LogProbsExport;
        lock (_gate)
        {
            var modules = EnsureModules("TextCNN front end");
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            int len = Math.Max(1, ids.Max(x => x.Length));
            var data = new long[ids.Length * len];
            for (int i = 0; i < ids.Length; i++)
                for (int k = 0; k < ids[i].Length; k++) data[i * len + k] = ids[i][k];
            var batch = tensor(data, [ids.Length, len], ScalarType.Int64);
            if (!AveragesFolds)
            {
                var h = modules[0].call(batch);
                if (logProbs) h = nn.functional.log_softmax(modules[0].Classify(h), 1);
                var f = FeatureSize;
                var arr = h.data<float>().ToArray();
                for (int i = 0; i < ids.Length; i++) result[i] = arr.AsSpan(i * f, f).ToArray();
                return result;
            }
            var sum = new double[ids.Length * ClassCount];
            foreach (var m in modules)
            {
                var lp = nn.functional.log_softmax(m.Classify(m.call(batch)), 1).data<float>().ToArray();
                for (int j = 0; j < sum.Length; j++) sum[j] += Math.Exp(lp[j]);
            }
            for (int i = 0; i < ids.Length; i++) result[i] = LogMean(sum.AsSpan(i * ClassCount, ClassCount), modules.Length);
            return result;
        }
    }

    /// <summary>The log of K fold models' mean class probabilities from the sum of their probabilities (floored at 1e-30):
    /// the cross-fitted log-probs export, at training (<see cref="TextCnnFeatureExtractor"/>) and here alike.</summary>
    internal static float[] LogMean(ReadOnlySpan<double> probabilitySums, int models)
    {
        var r = new float[probabilitySums.Length];
        for (int c = 0; c < r.Length; c++) r[c] = (float)Math.Log(Math.Max(probabilitySums[c] / models, 1e-30));
        return r;
    }

    /// <summary>Builds the TextCNN modules from <see cref="Models"/> once; a missing tensor or a wrong shape is a
    /// <see cref="SureDataException"/> naming <paramref name="source"/>. Call inside the lock.</summary>
    private TextCnn[] EnsureModules(string source)
    {
        if (_modules is not null) return _modules;
        var built = new List<TextCnn>();
        try
        {
            for (int k = 0; k < Models.Count; k++)
            {
                var m = new TextCnn(new float[Vocabulary.Count * EmbeddingDim], Vocabulary.Count, EmbeddingDim, ClassCount, Options);
                built.Add(m);
                TensorData.LoadInto(m, Models[k], $"{source} (TextCNN {k})");
                m.eval();
            }
        }
        catch
        {
            foreach (var m in built) m.Dispose();
            throw;
        }
        _modules = [.. built];
        return _modules;
    }

    // ---------- storage: entries under a prefix of a zip (the model file's "front_ends/text/", "text/" before format version 3, or a feature-cache entry) ----------

    private sealed record Header(int FormatVersion, int EmbeddingDim, int ClassCount, int Models, TextCnnOptions Options);

    public void WriteTo(ZipArchive zip, string prefix)
    {
        var header = new Header(1, EmbeddingDim, ClassCount, Models.Count, Options);
        using (var w = new StreamWriter(zip.CreateEntry(prefix + "textcnn.json").Open(), new UTF8Encoding(false)))
            w.Write(JsonSerializer.Serialize(header, Configuration.SureConfig.Json));
        using (var w = new StreamWriter(zip.CreateEntry(prefix + "vocab.txt").Open(), new UTF8Encoding(false)))
            w.Write(Vocabulary.ToText());
        for (int k = 0; k < Models.Count; k++) TensorData.WriteEntry(zip, $"{prefix}textcnn-{k}.safetensors", Models[k]);
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; anything missing or inconsistent is a <see cref="SureDataException"/> naming <paramref name="source"/>.</summary>
    public static TextCnnFrontEnd ReadFrom(ZipArchive zip, string prefix, string source)
    {
        string Text(string name)
        {
            var e = zip.GetEntry(prefix + name) ?? throw new SureDataException($"entry '{prefix + name}' is missing.", source);
            using var r = new StreamReader(e.Open(), Encoding.UTF8);
            return r.ReadToEnd();
        }
        Header h;
        try { h = JsonSerializer.Deserialize<Header>(Text("textcnn.json"), Configuration.SureConfig.Json) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new SureDataException($"entry '{prefix}textcnn.json' is malformed ({e.Message}).", source); }
        if (h.FormatVersion != 1) throw new SureDataException($"entry '{prefix}textcnn.json' has format version {h.FormatVersion}; this build reads version 1.", source);
        if (h.Models < 1 || h.EmbeddingDim < 1 || h.ClassCount < 1 || h.Options is null)
            throw new SureDataException($"entry '{prefix}textcnn.json' is incomplete.", source);
        var vocab = Vocabulary.Parse(Text("vocab.txt"), $"{source}!{prefix}vocab.txt");
        var models = Enumerable.Range(0, h.Models).Select(k => (IReadOnlyList<TensorData>)TensorData.ReadEntry(zip, $"{prefix}textcnn-{k}.safetensors", source)).ToList();
        var frontEnd = new TextCnnFrontEnd(vocab, h.Options.Validate(), h.EmbeddingDim, h.ClassCount, models);
        lock (frontEnd._gate) frontEnd.EnsureModules(source); // a tensor of the wrong shape fails at open, not at first use
        return frontEnd;
    }

    public void Dispose() => ReleaseModules();

    /// <summary>Frees the built TextCNN modules (native memory); the weights stay, and <see cref="Encode(IReadOnlyList{string})"/> rebuilds them when called again.</summary>
    public void ReleaseModules()
    {
        lock (_gate)
        {
            if (_modules is null) return;
            foreach (var m in _modules) m.Dispose();
            _modules = null;
        }
    }
}
