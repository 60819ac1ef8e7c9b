using TorchSharp;
using Sure.Tensors;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>Fixed sinusoidal positional encodings (Vaswani et al.): PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(…).</summary>
public static class PositionalEncoding
{
    /// <summary>[N, d] float32 on <paramref name="device"/>; d must be even.</summary>
    public static Tensor Sinusoidal(long length, int hidden, Device device) => Rows(0, length, hidden, device);

    /// <summary>Rows <paramref name="start"/> … start + count − 1 of the table, [count, d] (the same values, bit for bit).</summary>
    public static Tensor Rows(long start, long count, int hidden, Device device)
    {
        using var scope = NewDisposeScope();
        using var logScale = (-Math.Log(10000.0) / hidden).ToScalar();   // alive across the call (see Scalars)
        var position = Scalars.Arange(start, start + count, 1, ScalarType.Float32, device).unsqueeze(1);     // [N, 1]
        var frequency = (Scalars.Arange(0, hidden, 2, ScalarType.Float32, device) * logScale).exp();      // [d/2]
        var angle = position * frequency;                                                                        // [N, d/2]
        return stack([angle.sin(), angle.cos()], -1).reshape(count, hidden).MoveToOuterDisposeScope();          // interleaved sin, cos
    }
}
