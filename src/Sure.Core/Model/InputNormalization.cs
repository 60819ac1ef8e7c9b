using Sure.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>
/// Per-dimension standardisation of one modality's input vectors, x ← (x − mean) / std, with mean and std fitted on
/// the training split (<see cref="Fit"/>) and stored as buffers ("mean", "std", shape [D]) in the model's state dict,
/// so a saved model carries them and prediction needs no training data. Not in the paper: its community features
/// were used as given. Why it is on by default (sentence encoders emit unit-norm vectors whose per-dimension spread
/// is ~0.05, which the MoE's sampling noise and the gate's speaker embeddings drown): docs/model.md.
/// A dimension that is constant on the training split (std below 1e-6) is only centred (std stored as 1).
/// Identity (mean 0, std 1) until fitted.
/// </summary>
public sealed class InputNormalization : nn.Module<Tensor, Tensor>
{
    private readonly Tensor mean;
    private readonly Tensor std;

    public InputNormalization(int dim) : base(nameof(InputNormalization))
    {
        if (dim < 1) throw new ArgumentOutOfRangeException(nameof(dim));
        Dim = dim;
        mean = zeros(dim);
        std = ones(dim);
        register_buffer("mean", mean);
        register_buffer("std", std);
    }

    public int Dim { get; }

    /// <summary>The fitted statistics (copies).</summary>
    public (float[] Mean, float[] Std) Statistics => (mean.data<float>().ToArray(), std.data<float>().ToArray());

    /// <summary>Fits mean and population std per dimension over <paramref name="rows"/> (accumulated in double).</summary>
    /// <exception cref="ArgumentException">no row, or a row of the wrong length.</exception>
    public void Fit(IEnumerable<float[]> rows)
    {
        var (m, s) = ComputeStatistics(rows, Dim);
        using var _ = no_grad();
        using var mt = tensor(m);
        using var st = tensor(s);
        mean.copy_(mt);   // copy_ moves to the buffer's device
        std.copy_(st);
    }

    /// <summary>Per-dimension mean and population std (1 where below 1e-6) of the rows, in double then rounded to float.</summary>
    public static (float[] Mean, float[] Std) ComputeStatistics(IEnumerable<float[]> rows, int dim)
    {
        var sum = new double[dim];
        var sumSq = new double[dim];
        long count = 0;
        foreach (var r in rows)
        {
            if (r.Length != dim) throw new ArgumentException($"a row has {r.Length} values, expected {dim}.", nameof(rows));
            for (int i = 0; i < dim; i++) { sum[i] += r[i]; sumSq[i] += (double)r[i] * r[i]; }
            count++;
        }
        if (count == 0) throw new ArgumentException("no rows to fit the normalisation on.", nameof(rows));
        var m = new float[dim];
        var s = new float[dim];
        for (int i = 0; i < dim; i++)
        {
            double mu = sum[i] / count;
            double sd = Math.Sqrt(Math.Max(0, sumSq[i] / count - mu * mu));
            m[i] = (float)mu;
            s[i] = sd < 1e-6 ? 1f : (float)sd;
        }
        return (m, s);
    }

    /// <summary>[…, D] → […, D].</summary>
    public override Tensor forward(Tensor x) => (x - mean) / std;
}
