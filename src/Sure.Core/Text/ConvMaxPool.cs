using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

namespace Sure.Text;

/// <summary>
/// The convolution + max-over-time core shared by <see cref="TextCnn"/> and <see cref="GloveUtteranceEncoder"/>.
/// Input token ids are right-padded with 0. Each Conv1d of width w slides over the embedded tokens (computed as windows ×
/// weight, see <see cref="Convolve"/>); ReLU; then the
/// maximum over the windows that START within the utterance and lie wholly inside it — or, for an utterance shorter
/// than w (empty included), over the first window only (its tail is zero padding). Because ReLU outputs are ≥ 0 the
/// other windows are zeroed, which never changes the maximum. So the result does not depend on how far a batch is
/// padded, and an empty utterance gives a defined, finite vector (ReLU of the biases). The sequence is padded to
/// the largest width when the batch is shorter.
/// </summary>
internal static class ConvMaxPool
{
    /// <summary>ids [U, L] int64 → the number of non-padding tokens, [U] int64.</summary>
    public static Tensor Lengths(Tensor ids) => ids.ne(Zero).sum(1);

    /// <summary>embedded [U, L, E], lengths [U] → pooled [U, filters × widths].</summary>
    public static Tensor Apply(Tensor embedded, ModuleList<Conv1d> convs, int[] widths, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var x = embedded; // [U, L, E]
        long len = x.shape[1];
        int maxW = widths.Max();
        if (len < maxW) x = nn.functional.pad(x, [0, 0, 0, maxW - len]);
        var pooled = new Tensor[convs.Count];
        for (int i = 0; i < convs.Count; i++)
        {
            var y = nn.functional.relu(Convolve(x, convs[i])); // [U, L - w + 1, F]
            long windows = y.shape[1];
            using var overhang = (widths[i] - 1).ToScalar();   // alive across the call (Scalars)
            var valid = (lengths - overhang).clamp_min(One).unsqueeze(1).unsqueeze(2); // [U, 1, 1]
            var positions = Arange(windows, ScalarType.Int64, y.device).view(1, windows, 1);
            var mask = positions.lt(valid).to_type(y.dtype);
            pooled[i] = (y * mask).amax(1);
        }
        return cat(pooled, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The convolution of <paramref name="conv"/> (its weight [F, E, w] and bias, stride 1, no padding) over x [U, L, E]
    /// → [U, L − w + 1, F], as a matrix product of the windows [U, L − w + 1, E·w] with the weight [F, E·w]. Not
    /// <c>conv.call</c>: libtorch's CPU convolution (oneDNN's blocked JIT kernels) computes wrong values — and NaN when
    /// the memory it reuses holds NaN bit patterns — when the input channels are not a multiple of its block (8 or 16;
    /// GloVe's 100 is not) on some x86 hosts (seen on an AMD EPYC family 1Ah VM with libtorch 2.10 / oneDNN 3.7.1:
    /// errors up to 2 on outputs of ~10 in a fresh process, all-NaN TextCNNs in long ones). The matrix product is exact
    /// up to float rounding on every host, and its gradient involves no convolution kernel.
    /// </summary>
    private static Tensor Convolve(Tensor x, Conv1d conv)
    {
        var weight = conv.weight; // [F, E, w]
        long w = weight.shape[2];
        var windows = x.unfold(1, w, 1); // [U, L − w + 1, E, w]
        var flat = windows.reshape(windows.shape[0], windows.shape[1], weight.shape[1] * w);
        return nn.functional.linear(flat, weight.reshape(weight.shape[0], weight.shape[1] * w), conv.bias);
    }

    /// <summary>
    /// Copies the [vocabSize × dim] matrix into the embedding's registered weight and sets whether it trains. (Done on the
    /// registered parameter: in TorchSharp 0.107 the weight of Embedding_from_pretrained is not the tensor the module
    /// registers, so its freeze flag and gradients do not reach the optimizer.)
    /// </summary>
    public static void SetEmbedding(Embedding embedding, float[] matrix, int vocabSize, int dim, bool trainable)
    {
        using var noGrad = no_grad();
        using var source = tensor(matrix, [vocabSize, dim]);
        var weight = embedding.named_parameters().Single(p => p.name == "weight").parameter;
        weight.copy_(source);
        weight.requires_grad_(trainable);
    }

    /// <summary>Fills every parameter of <paramref name="module"/> except <paramref name="skip"/> with U(-1/√fan_in, 1/√fan_in) drawn from <paramref name="gen"/> (PyTorch's default bounds, but reproducible without the global generator).</summary>
    public static void InitParameters(nn.Module module, Generator gen, params string[] skip)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var weights = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in weights)
        {
            if (skip.Any(s => name.StartsWith(s, StringComparison.Ordinal))) continue;
            Parameter w = name.EndsWith(".bias", StringComparison.Ordinal) ? weights[name[..^5] + ".weight"] : p;
            long fanIn = 1;
            for (int d = 1; d < w.shape.Length; d++) fanIn *= w.shape[d];
            double bound = 1.0 / Math.Sqrt(fanIn);
            // Explicit Scalars, alive until the native calls return (an implicit temporary can be finalized while
            // libtorch reads it, docs/native-compat.md; seen as all-NaN TextCNN weights in the test suite). Same values.
            using var width = (2 * bound).ToScalar();
            using var low = bound.ToScalar();
            var r = rand(p.shape, generator: gen, dtype: p.dtype).mul(width).sub(low);
            p.copy_(r.to(p.device));
        }
    }
}
