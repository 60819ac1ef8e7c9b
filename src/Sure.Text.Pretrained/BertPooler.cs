using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Text.Bert;

/// <summary>BERT's pooler: tanh(dense(hidden state of the first token, [CLS])). Parameters: dense.*.</summary>
public sealed class BertPooler : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public BertPooler(BertConfig config) : base(nameof(BertPooler))
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    /// <summary>Last hidden states [B, L, H] → [B, H].</summary>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return dense.call(hidden.select(1, 0)).tanh().MoveToOuterDisposeScope();
    }
}
