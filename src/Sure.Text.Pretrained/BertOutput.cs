using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

namespace Sure.Text.Bert;

/// <summary>A block's output: LayerNorm(dropout(dense(x)) + the block's input). Parameters: dense.*, LayerNorm.*.
/// Hugging Face's BertSelfOutput (after attention, x of hidden size) and BertOutput (after the feed-forward expansion, x of
/// intermediate size) are this module with different input sizes.</summary>
public sealed class BertOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly LayerNorm LayerNorm;
    private readonly double _dropout;

    /// <param name="inputSize">the size of x: the hidden size after attention, the intermediate size after the feed-forward.</param>
    public BertOutput(BertConfig config, int inputSize) : base(nameof(BertOutput))
    {
        dense = nn.Linear(inputSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        _dropout = config.Dropout;
        RegisterComponents();
    }

    /// <summary>x [B, L, inputSize] and the block's input [B, L, H] → [B, L, H].</summary>
    public override Tensor forward(Tensor x, Tensor input)
    {
        using var scope = NewDisposeScope();
        x = nn.functional.dropout(dense.call(x), _dropout, training);
        return LayerNorm.call(x.add(input, One)).MoveToOuterDisposeScope();
    }
}
