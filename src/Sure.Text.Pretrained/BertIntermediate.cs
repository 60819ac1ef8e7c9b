using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Text.Bert;

/// <summary>The feed-forward expansion: GELU (erf form) of dense(x). Parameters: dense.*.</summary>
public sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public BertIntermediate(BertConfig config) : base(nameof(BertIntermediate))
    {
        dense = nn.Linear(config.HiddenSize, config.IntermediateSize);
        RegisterComponents();
    }

    /// <summary>[B, L, H] → [B, L, intermediate].</summary>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return nn.functional.gelu(dense.call(hidden)).MoveToOuterDisposeScope();
    }
}
