using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Text.Bert;

/// <summary>One transformer layer (post-LayerNorm, as BERT): attention block, then feed-forward block. Parameters:
/// attention.*, intermediate.*, output.*.</summary>
public sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertOutput output;

    public BertLayer(BertConfig config) : base(nameof(BertLayer))
    {
        attention = new BertAttention(config);
        intermediate = new BertIntermediate(config);
        output = new BertOutput(config, config.IntermediateSize);
        RegisterComponents();
    }

    /// <summary>Hidden states [B, L, H] and the key mask [B, 1, 1, L] → [B, L, H].</summary>
    public override Tensor forward(Tensor hidden, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        var a = attention.call(hidden, keyMask);
        return output.call(intermediate.call(a), a).MoveToOuterDisposeScope();
    }
}
