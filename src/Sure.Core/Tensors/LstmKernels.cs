using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Tensors;

/// <summary>
/// Runs an <c>nn.LSTM</c> the same way with and without a gradient. libtorch hands a float32 LSTM to oneDNN, which picks a
/// kernel by CPU and by whether a gradient is needed: with one, its reference kernel, right on every host; without one
/// (evaluation, prediction), its fast inference kernel, which on some AVX-512 CPUs (AMD EPYC family 1Ah, oneDNN 3.7.1,
/// <c>brgemm:avx512_core</c>) computes wrong values when the hidden size is not a multiple of 32: up to 0.76 off on
/// outputs in [−1, 1] against a float64 copy, while sizes 32, 96 and 128 are right (<c>LstmInferenceTests</c>;
/// docs/native-compat.md). So at inference the LSTM runs under a gradient too, on a detached copy of its input that asks
/// for one (so frozen weights do not send it back to the inference kernel); the graph is dropped and the outputs detached.
/// Training, which already takes that path, is unchanged.
/// </summary>
internal static class LstmKernels
{
    /// <summary><paramref name="lstm"/> over <paramref name="input"/> from <paramref name="state"/> (null = zeros):
    /// the output sequence and the last hidden and cell states.</summary>
    public static (Tensor Output, Tensor H, Tensor C) Forward(LSTM lstm, Tensor input, (Tensor, Tensor)? state = null)
    {
        if (is_grad_enabled()) return lstm.forward(input, state);
        using var grad = enable_grad();
        var (y, h, c) = lstm.forward(input.detach().requires_grad_(true), state);
        return (y.detach(), h.detach(), c.detach());
    }
}
