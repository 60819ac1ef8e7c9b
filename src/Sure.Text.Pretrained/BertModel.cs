using TorchSharp;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

namespace Sure.Text.Bert;

/// <summary>
/// A BERT encoder in TorchSharp with Hugging Face parameter names (embeddings.word_embeddings.weight,
/// encoder.layer.0.attention.self.query.weight, …, pooler.dense.* when present), so checkpoints map one to one.
/// <see cref="forward"/> gives the last hidden states; <see cref="SentencePooling"/> turns them into sentence vectors.
/// </summary>
public sealed class BertModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;
    private readonly BertPooler? pooler;

    public BertConfig Config { get; }

    public BertModel(BertConfig config) : base(nameof(BertModel))
    {
        Config = config.Validate();
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        if (config.HasPooler) pooler = new BertPooler(config);
        RegisterComponents();
    }

    /// <summary>Token ids [B, L] and attention mask [B, L] (int64, 1 = real token, 0 = padding) → last hidden states
    /// [B, L, H]. Token types are all 0 (single sentences).</summary>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        if (inputIds.shape[1] > Config.MaxPositions)
            throw new ArgumentException($"{inputIds.shape[1]} tokens is more than the model's {Config.MaxPositions} positions.");
        using var types = zeros_like(inputIds);
        var h = encoder.call(embeddings.call(inputIds, types), KeyMask(attentionMask));
        return h.MoveToOuterDisposeScope();
    }

    /// <summary>The hidden states [B, L, H] after the embeddings and the lowest <paramref name="layers"/> layers; with
    /// <see cref="ForwardUpper"/> from the same layer it gives <see cref="forward"/>'s result (<c>bench joint</c>).</summary>
    internal Tensor ForwardLower(Tensor inputIds, Tensor attentionMask, int layers)
    {
        using var scope = NewDisposeScope();
        using var types = zeros_like(inputIds);
        return encoder.Range(embeddings.call(inputIds, types), KeyMask(attentionMask), 0, layers).MoveToOuterDisposeScope();
    }

    /// <summary>Layers <paramref name="fromLayer"/> to the last over hidden states [B, L, H] with the attention mask [B, L].</summary>
    internal Tensor ForwardUpper(Tensor hidden, Tensor attentionMask, int fromLayer)
    {
        using var scope = NewDisposeScope();
        return encoder.Range(hidden, KeyMask(attentionMask), fromLayer, Config.Layers).MoveToOuterDisposeScope();
    }

    /// <summary>The attention mask [B, L] (1 = real token) as the layers' key mask [B, 1, 1, L].</summary>
    private static Tensor KeyMask(Tensor attentionMask) => attentionMask.ne(Zero).unsqueeze(1).unsqueeze(2);

    /// <summary>BERT's pooled output, tanh(dense(h[CLS])), from the last hidden states [B, L, H] → [B, H].</summary>
    public Tensor Pool(Tensor lastHiddenState) =>
        (pooler ?? throw new InvalidOperationException("this BERT model has no pooler.")).call(lastHiddenState);

    /// <summary>A model built from <paramref name="weights"/> (sizes read from them, <paramref name="heads"/> given),
    /// every parameter loaded, in evaluation mode.</summary>
    public static BertModel FromWeights(IReadOnlyDictionary<string, BertWeights.Entry> weights, int heads, double layerNormEps = 1e-12)
    {
        var model = new BertModel(BertConfig.FromWeights(weights, heads, layerNormEps));
        try
        {
            BertWeights.LoadInto(model, weights);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }
}
