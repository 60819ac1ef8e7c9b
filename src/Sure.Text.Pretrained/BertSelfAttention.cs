using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Text.Bert;

/// <summary>
/// BERT's multi-head self-attention (softmax(Q Kᵀ / √d) V per head, padding keys masked out). Parameters:
/// query.{weight,bias}, key.*, value.* (nn.Linear layout [out, in]).
/// </summary>
public sealed class BertSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly int _heads;
    private readonly int _headSize;
    private readonly double _dropout;

    public BertSelfAttention(BertConfig config) : base(nameof(BertSelfAttention))
    {
        query = nn.Linear(config.HiddenSize, config.HiddenSize);
        key = nn.Linear(config.HiddenSize, config.HiddenSize);
        value = nn.Linear(config.HiddenSize, config.HiddenSize);
        _heads = config.Heads;
        _headSize = config.HeadSize;
        _dropout = config.Dropout;
        RegisterComponents();
    }

    /// <summary>Hidden states [B, L, H] and the key mask [B, 1, 1, L] (bool, true = a real token) → context [B, L, H].</summary>
    public override Tensor forward(Tensor hidden, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        long b = hidden.shape[0], l = hidden.shape[1];
        Tensor Heads(Linear proj) => proj.call(hidden).view(b, l, _heads, _headSize).transpose(1, 2); // [B, heads, L, d]
        var context = nn.functional.scaled_dot_product_attention(Heads(query), Heads(key), Heads(value), keyMask,
            p: training ? _dropout : 0.0);
        return context.transpose(1, 2).reshape(b, l, _heads * _headSize).MoveToOuterDisposeScope();
    }
}
