using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

namespace Sure.Text.Bert;

/// <summary>
/// BERT's input embeddings: word + position (0, 1, …) + token type, then LayerNorm and dropout.
/// Parameters: word_embeddings.weight, position_embeddings.weight, token_type_embeddings.weight, LayerNorm.{weight,bias}.
/// </summary>
public sealed class BertEmbeddings : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Embedding token_type_embeddings;
    private readonly LayerNorm LayerNorm;
    private readonly double _dropout;

    public BertEmbeddings(BertConfig config) : base(nameof(BertEmbeddings))
    {
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: 0);
        position_embeddings = nn.Embedding(config.MaxPositions, config.HiddenSize);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        _dropout = config.Dropout;
        RegisterComponents();
    }

    /// <summary>Token ids [B, L] and token type ids [B, L] (int64) → embeddings [B, L, H].</summary>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds)
    {
        using var scope = NewDisposeScope();
        long length = inputIds.shape[1];
        var positions = Arange(length, ScalarType.Int64, inputIds.device).unsqueeze(0);
        var x = word_embeddings.call(inputIds).add(position_embeddings.call(positions), One).add(token_type_embeddings.call(tokenTypeIds), One);
        x = nn.functional.dropout(LayerNorm.call(x), _dropout, training);
        return x.MoveToOuterDisposeScope();
    }
}
