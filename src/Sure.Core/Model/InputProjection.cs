using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>
/// Paper §2 step 1: a 1×1 temporal convolution without bias, i.e. a bias-free Linear D_m → d applied to every
/// utterance of one modality. State dict: "weight" [d, D_m].
/// </summary>
public sealed class InputProjection : nn.Module<Tensor, Tensor>
{
    private readonly Modules.Linear linear;

    public InputProjection(int inputDim, int hidden) : base(nameof(InputProjection))
    {
        linear = nn.Linear(inputDim, hidden, hasBias: false);
        RegisterComponents();
    }

    /// <summary>[B, N, D_m] → [B, N, d].</summary>
    public override Tensor forward(Tensor x) => linear.forward(x);
}
