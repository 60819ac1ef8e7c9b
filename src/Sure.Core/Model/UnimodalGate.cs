using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>Paper eq. 17: g = σ(W x + b), x ← g ⊙ x. State dict: "linear" (d → d).</summary>
public sealed class UnimodalGate : nn.Module<Tensor, Tensor>
{
    internal readonly Modules.Linear linear;

    public UnimodalGate(int hidden) : base(nameof(UnimodalGate))
    {
        linear = nn.Linear(hidden, hidden);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => linear.forward(x).sigmoid() * x;
}
