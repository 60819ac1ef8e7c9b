using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

namespace Sure.Audio.LogMel;

/// <summary>
/// Batch normalisation over the channels of [B, C, T, F] whose statistics, while training, count only the valid frames
/// (mask [B, 1, T, 1] = 1), so that padding never shifts them. In eval mode it
/// uses the running statistics (momentum 0.1, unbiased running variance, ε = 1e-5), like PyTorch's BatchNorm2d.
/// State: weight, bias (parameters), running_mean, running_var (float32 buffers).
/// </summary>
internal sealed class MaskedBatchNorm : nn.Module<Tensor, Tensor, Tensor>
{
    private const double Momentum = 0.1, Eps = 1e-5;
    // The constants as Scalars that live as long as the process (Sure.Tensors.Scalars).
    private static readonly Scalar momentum = Momentum.ToScalar(), keepRunning = (1 - Momentum).ToScalar(), eps = Eps.ToScalar();
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;

    public MaskedBatchNorm(int channels, string name = "MaskedBatchNorm") : base(name)
    {
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        running_mean = zeros(channels);
        running_var = ones(channels);
        register_parameter(nameof(weight), weight);
        register_parameter(nameof(bias), bias);
        register_buffer(nameof(running_mean), running_mean);
        register_buffer(nameof(running_var), running_var);
    }

    /// <summary>x [B, C, T, F], mask [B, 1, T, 1] (1 = valid frame) → normalised x (padding frames hold arbitrary finite values).</summary>
    public override Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        Tensor mean, variance;
        if (training)
        {
            using var frequencies = x.shape[3].ToScalar();   // alive across the call
            var count = mask.sum() * frequencies;
            mean = (x * mask).sum([0, 2, 3]) / count;
            var centred = (x - mean.view(1, -1, 1, 1)) * mask;
            variance = centred.Squared().sum([0, 2, 3]) / count;
            using (no_grad())
            {
                var n = count.item<float>();
                using var correction = (n / Math.Max(n - 1, 1)).ToScalar();
                var unbiased = variance.detach() * correction;
                running_mean.mul_(keepRunning).add_(mean.detach() * momentum, One);
                running_var.mul_(keepRunning).add_(unbiased * momentum, One);
            }
        }
        else
        {
            mean = running_mean;
            variance = running_var;
        }
        var scale = variance.add(eps, One).rsqrt() * weight;
        var y = (x * scale.view(1, -1, 1, 1)).add((bias - mean * scale).view(1, -1, 1, 1), One);
        return y.MoveToOuterDisposeScope();
    }
}
