using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Audio.LogMel;

/// <summary>
/// One conv block of <see cref="LogMelCnn"/> on channels-last [B, T, F, C]: 3×3 convolution (zero padding 1, no bias;
/// PyTorch weight layout [out, in, 3, 3] in "conv.weight") → <see cref="MaskedBatchNorm"/> ("norm.*") → ReLU → padding
/// frames set to 0 → 2×2 max pooling (T and F must be even). Because the ReLU output is ≥ 0 and padding is 0, a pooled
/// frame that mixes a valid and a padding frame equals the valid one's value, and a frame after the last valid one is 0
/// exactly as the convolution's own zero padding: the valid frames' outputs do not depend on how far a clip is padded.
/// </summary>
internal sealed class LogMelBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly MaskedBatchNorm norm;

    public LogMelBlock(int inChannels, int outChannels, string name = "LogMelBlock") : base(name)
    {
        conv = nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false);
        norm = new MaskedBatchNorm(outChannels);
        RegisterComponents();
    }

    /// <summary>x [B, T, F, Cin] (padding frames 0), mask [B, T, 1, 1] → [B, T/2, F/2, Cout].</summary>
    public override Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(norm.call(Convolve(x, conv.weight!), mask)) * mask;
        long b = y.shape[0], t = y.shape[1], f = y.shape[2], c = y.shape[3];
        return y.reshape(b, t / 2, 2, f / 2, 2, c).amax([2, 4]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// 3×3 convolution with zero padding 1 as a matrix product of the 9 shifted copies of x with the weight (im2col), not
    /// libtorch's convolution kernels (oneDNN's CPU kernels give wrong values for channel counts that are not a multiple of
    /// their block on some x86 hosts; see Sure.Text.ConvMaxPool). x [B, T, F, Cin], weight [Cout, Cin, 3, 3] → [B, T, F, Cout].
    /// </summary>
    internal static Tensor Convolve(Tensor x, Tensor weight)
    {
        using var scope = NewDisposeScope();
        long t = x.shape[1], f = x.shape[2];
        var padded = nn.functional.pad(x, [0, 0, 1, 1, 1, 1]);
        var shifted = new Tensor[9];
        for (int dt = 0; dt < 3; dt++)
            for (int df = 0; df < 3; df++)
                shifted[dt * 3 + df] = padded.narrow(1, dt, t).narrow(2, df, f);
        var columns = cat(shifted, 3); // [B, T, F, 9·Cin], ordered (dt, df, c)
        var w = weight.permute(0, 2, 3, 1).reshape(weight.shape[0], 9 * weight.shape[1]);
        return nn.functional.linear(columns, w).MoveToOuterDisposeScope();
    }
}
