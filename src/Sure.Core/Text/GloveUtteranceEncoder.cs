using TorchSharp;
using TorchSharp.Modules;
using Sure.Configuration;
using static TorchSharp.torch;

namespace Sure.Text;

/// <summary>
/// The end-to-end text branch: token ids [B, N, L] (0 = padding, 1 = unknown; <see cref="TokenBatch"/>) →
/// utterance vectors [B, N, D] with the same CNN as <see cref="TextCnn"/> (GloVe embedding, Conv1d widths 3/4/5, ReLU,
/// max-over-time, dropout, Linear "fc" + ReLU), trained jointly with the model that uses it. The embedding is frozen
/// when <see cref="TextCnnOptions.FreezeEmbeddings"/> is true (the default: fewer parameters, no drift of rare words)
/// and fine-tuned otherwise. Padding utterances (all-zero rows) give the same vector as an empty utterance; the
/// batch mask tells them apart. Parameter names match <see cref="TextCnn"/>, so <see cref="InitializeFrom"/> can start from a pre-trained one.
/// <para>Randomness: the initial weights come from a generator seeded with <see cref="TextCnnOptions.Seed"/>; dropout
/// draws from torch's default generator, like every other dropout of the model, so the trainer's per-epoch reseeding
/// covers it and a resumed run draws exactly what an uninterrupted one would (an own generator would restart at its
/// post-initialisation state on resume).</para>
/// </summary>
public sealed class GloveUtteranceEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly ModuleList<Conv1d> convs;
    private readonly Linear fc;

    public TextCnnOptions Options { get; }
    /// <summary>D, the size of an utterance vector.</summary>
    public int OutputSize => Options.FeatureSize;

    /// <param name="embeddings">[vocabSize × dim] row-major (<see cref="Vocabulary.EmbeddingMatrix"/>).</param>
    public GloveUtteranceEncoder(float[] embeddings, int vocabSize, int dim, TextCnnOptions options, string name = "GloveUtteranceEncoder") : base(name)
    {
        options.Validate();
        if (embeddings.Length != (long)vocabSize * dim) throw new ArgumentException($"embedding matrix has {embeddings.Length} values, expected {vocabSize}×{dim}.");
        Options = options;
        embedding = nn.Embedding(vocabSize, dim, padding_idx: Vocabulary.PadId);
        convs = new ModuleList<Conv1d>(options.Widths.Select(k => nn.Conv1d(dim, options.Filters, k)).ToArray());
        fc = nn.Linear(options.Filters * options.Widths.Length, options.FeatureSize);
        RegisterComponents();
        ConvMaxPool.SetEmbedding(embedding, embeddings, vocabSize, dim, trainable: !options.FreezeEmbeddings);
        using var gen = new Generator((ulong)options.Seed);
        ConvMaxPool.InitParameters(this, gen, "embedding.");
    }

    /// <summary>Builds the encoder for a vocabulary and its word vectors.</summary>
    public static GloveUtteranceEncoder Create(Vocabulary vocabulary, WordVectors vectors, TextCnnOptions options) =>
        new(vocabulary.EmbeddingMatrix(vectors, options.UnknownScale, options.Seed), vocabulary.Count, vectors.Dim, options);

    /// <summary>Tokens [B, N, L] int64 → [B, N, D].</summary>
    public override Tensor forward(Tensor tokens)
    {
        if (tokens.dim() != 3) throw new ArgumentException($"expected tokens [B, N, L], got a tensor of {tokens.dim()} dimensions.");
        using var scope = NewDisposeScope();
        long b = tokens.shape[0], n = tokens.shape[1];
        var ids = tokens.reshape(b * n, tokens.shape[2]);
        if (ids.shape[1] > Options.MaxTokens) ids = ids.narrow(1, 0, Options.MaxTokens);
        var pooled = ConvMaxPool.Apply(embedding.call(ids), convs, Options.Widths, ConvMaxPool.Lengths(ids));
        var features = nn.functional.relu(fc.call(Tensors.SeededDropout.Apply(pooled, Options.Dropout, training, gen: null)));
        return features.view(b, n, Options.FeatureSize).MoveToOuterDisposeScope();
    }

    /// <summary>Copies embedding, convs and fc from a (pre-trained) <see cref="TextCnn"/> of the same shape.</summary>
    public void InitializeFrom(TextCnn cnn)
    {
        using var noGrad = no_grad();
        var source = cnn.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in named_parameters())
        {
            if (!source.TryGetValue(name, out var s) || !s.shape.SequenceEqual(p.shape))
                throw new ArgumentException($"the TextCNN has no parameter '{name}' of shape [{string.Join(", ", p.shape)}].");
            p.copy_(s);
        }
    }
}
