using TorchSharp;
using TorchSharp.Modules;
using Sure.Configuration;
using static TorchSharp.torch;

namespace Sure.Text;

/// <summary>
/// Kim-style TextCNN over GloVe, as in the MERC baselines' utterance features: token ids [U, L] (0 = padding,
/// 1 = unknown) → embedding (frozen GloVe) → Conv1d of widths 3, 4, 5 (<see cref="TextCnnOptions.Filters"/> each) + ReLU
/// + max-over-time (<see cref="ConvMaxPool"/>) → dropout → Linear "fc" + ReLU → utterance feature [U, FeatureSize].
/// The "head" (dropout + Linear to the classes) is used only to pre-train it (<see cref="TextCnnFeatureExtractor"/>).
/// Parameter names follow PyTorch: embedding.weight, convs.{0,1,2}.{weight,bias}, fc.*, head.*.
/// Inputs longer than <see cref="TextCnnOptions.MaxTokens"/> are truncated; shorter than the widest filter, padded.
/// </summary>
public sealed class TextCnn : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly ModuleList<Conv1d> convs;
    private readonly Linear fc;
    private readonly Linear head;
    private readonly Generator _gen;

    public TextCnnOptions Options { get; }
    public int FeatureSize => Options.FeatureSize;
    public int ClassCount { get; }

    /// <param name="embeddings">[vocabSize × dim] row-major (e.g. <see cref="Vocabulary.EmbeddingMatrix"/>); row 0 is padding.</param>
    public TextCnn(float[] embeddings, int vocabSize, int dim, int classCount, TextCnnOptions options, string name = "TextCnn") : base(name)
    {
        options.Validate();
        if (embeddings.Length != (long)vocabSize * dim) throw new ArgumentException($"embedding matrix has {embeddings.Length} values, expected {vocabSize}×{dim}.");
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount));
        Options = options;
        ClassCount = classCount;
        _gen = new Generator((ulong)options.Seed);
        embedding = nn.Embedding(vocabSize, dim, padding_idx: Vocabulary.PadId);
        convs = new ModuleList<Conv1d>(options.Widths.Select(k => nn.Conv1d(dim, options.Filters, k)).ToArray());
        fc = nn.Linear(options.Filters * options.Widths.Length, options.FeatureSize);
        head = nn.Linear(options.FeatureSize, classCount);
        RegisterComponents();
        ConvMaxPool.SetEmbedding(embedding, embeddings, vocabSize, dim, trainable: !options.FreezeEmbeddings);
        ConvMaxPool.InitParameters(this, _gen, "embedding.");
    }

    /// <summary>Token ids [U, L] int64 → utterance features [U, FeatureSize] (≥ 0).</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        if (ids.shape[1] > Options.MaxTokens) ids = ids.narrow(1, 0, Options.MaxTokens);
        var pooled = ConvMaxPool.Apply(embedding.call(ids), convs, Options.Widths, ConvMaxPool.Lengths(ids));
        var features = nn.functional.relu(fc.call(Tensors.SeededDropout.Apply(pooled, Options.Dropout, training, _gen)));
        return features.MoveToOuterDisposeScope();
    }

    /// <summary>Class logits [U, C] from utterance features (pre-training only).</summary>
    public Tensor Classify(Tensor features)
    {
        using var scope = NewDisposeScope();
        return head.call(Tensors.SeededDropout.Apply(features, Options.Dropout, training, _gen)).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gen.Dispose();
        base.Dispose(disposing);
    }
}
