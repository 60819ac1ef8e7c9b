using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Text.Bert;

/// <summary>BERT's attention block: self-attention then its output projection with residual and LayerNorm. Parameters:
/// self.{query,key,value}.*, output.{dense,LayerNorm}.*.</summary>
public sealed class BertAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertSelfAttention self;
    private readonly BertOutput output;

    public BertAttention(BertConfig config) : base(nameof(BertAttention))
    {
        self = new BertSelfAttention(config);
        output = new BertOutput(config, config.HiddenSize);
        RegisterComponents();
    }

    /// <summary>Hidden states [B, L, H] and the key mask [B, 1, 1, L] → [B, L, H].</summary>
    public override Tensor forward(Tensor hidden, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        using var context = self.call(hidden, keyMask);
        return output.call(context, hidden).MoveToOuterDisposeScope();
    }
}
