using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Audio.LogMel;

/// <summary>
/// One conv block of <see cref="LogMelCnn"/> on [B, C, T, F]: 3×3 convolution (zero padding 1, no bias; PyTorch weight
/// layout [out, in, 3, 3] in "conv.weight") → <see cref="MaskedBatchNorm"/> ("norm.*") → ReLU → padding frames set to 0
/// → 2×2 max pooling (T and F must be even). Because the ReLU output is ≥ 0 and padding is 0, a pooled frame that mixes a
/// valid and a padding frame equals the valid one's value, and a frame after the last valid one is 0 exactly as the
/// convolution's own zero padding: the valid frames' outputs do not depend on how far a clip is padded.
/// </summary>
internal sealed class LogMelBlock : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Input channel counts that are a multiple of this go through libtorch's convolution; others through <see cref="Im2Col"/>.</summary>
    internal const int NativeChannelMultiple = 16;

    private readonly Conv2d conv;
    private readonly MaskedBatchNorm norm;

    public LogMelBlock(int inChannels, int outChannels, string name = "LogMelBlock") : base(name)
    {
        conv = nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false);
        norm = new MaskedBatchNorm(outChannels);
        RegisterComponents();
    }

    /// <summary>x [B, Cin, T, F] (padding frames 0), mask [B, 1, T, 1] → [B, Cout, T/2, F/2].</summary>
    public override Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(norm.call(Convolve(x, conv.weight!), mask)) * mask;
        return nn.functional.max_pool2d(y, 2).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// 3×3 convolution with zero padding 1, x [B, Cin, T, F], weight [Cout, Cin, 3, 3] → [B, Cout, T, F]: libtorch's
    /// kernel when Cin is a multiple of <see cref="NativeChannelMultiple"/>, else <see cref="Im2Col"/>. (oneDNN's CPU
    /// convolution gives wrong values for channel counts that are not a multiple of its block on some x86 hosts; see
    /// Sure.Text.ConvMaxPool. The first block, with one input channel, always takes the matrix product.)
    /// </summary>
    internal static Tensor Convolve(Tensor x, Tensor weight)
        => weight.shape[1] % NativeChannelMultiple == 0 ? nn.functional.conv2d(x, weight, padding: [1, 1]) : Im2Col(x, weight);

    /// <summary>The same convolution as a matrix product of the 9 shifted copies of x with the weight (exact up to float rounding on every host).</summary>
    internal static Tensor Im2Col(Tensor x, Tensor weight)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], cin = x.shape[1], t = x.shape[2], f = x.shape[3], cout = weight.shape[0];
        var padded = nn.functional.pad(x, [1, 1, 1, 1]);
        var shifted = new Tensor[9];
        for (int dt = 0; dt < 3; dt++)
            for (int df = 0; df < 3; df++)
                shifted[dt * 3 + df] = padded.narrow(2, dt, t).narrow(3, df, f);
        var columns = stack(shifted, 2).reshape(b, cin * 9, t * f); // ordered (c, dt, df) like weight.reshape
        return matmul(weight.reshape(cout, cin * 9), columns).view(b, cout, t, f).MoveToOuterDisposeScope();
    }
}
