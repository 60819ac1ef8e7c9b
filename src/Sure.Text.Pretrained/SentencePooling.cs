using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Text.Bert;

/// <summary>How token states become one sentence vector.</summary>
public enum SentencePoolingMode
{
    /// <summary>The mean of the real tokens' states ([CLS] and [SEP] included), as sentence-transformers' mean pooling.</summary>
    Mean,
    /// <summary>The first token's ([CLS]) state.</summary>
    Cls,
}

/// <summary>Sentence vectors from last hidden states: <see cref="SentencePoolingMode"/>, then L2 normalisation.</summary>
public static class SentencePooling
{
    /// <summary>Last hidden states [B, L, H] and attention mask [B, L] (1 = real token) → unit-norm vectors [B, H].</summary>
    public static Tensor Apply(Tensor lastHiddenState, Tensor attentionMask, SentencePoolingMode mode)
    {
        using var scope = NewDisposeScope();
        Tensor pooled;
        if (mode == SentencePoolingMode.Cls) pooled = lastHiddenState.select(1, 0);
        else
        {
            var m = attentionMask.to_type(lastHiddenState.dtype).unsqueeze(2); // [B, L, 1]
            using var tiny = 1e-9.ToScalar(); // explicit, alive through the native call (docs/native-compat.md)
            pooled = (lastHiddenState * m).sum(1) / m.sum(1).clamp_min(tiny);
        }
        return nn.functional.normalize(pooled, p: 2, dim: 1, eps: 1e-12).MoveToOuterDisposeScope();
    }

    /// <summary>The same on plain arrays: hidden [B × L × H] and mask [B × L] (row-major) → B unit-norm vectors of H
    /// (sums in double).</summary>
    public static float[][] Apply(ReadOnlySpan<float> hidden, ReadOnlySpan<long> mask, int count, int length, int dim, SentencePoolingMode mode)
    {
        var result = new float[count][];
        var acc = new double[dim];
        for (int b = 0; b < count; b++)
        {
            Array.Clear(acc);
            int n = 0;
            for (int t = 0; t < length; t++)
            {
                if (mode == SentencePoolingMode.Cls ? t != 0 : mask[b * length + t] == 0) continue;
                var row = hidden.Slice((b * length + t) * dim, dim);
                for (int k = 0; k < dim; k++) acc[k] += row[k];
                n++;
            }
            double norm = 0;
            for (int k = 0; k < dim; k++)
            {
                acc[k] /= Math.Max(n, 1);
                norm += acc[k] * acc[k];
            }
            norm = Math.Max(Math.Sqrt(norm), 1e-12);
            var v = result[b] = new float[dim];
            for (int k = 0; k < dim; k++) v[k] = (float)(acc[k] / norm);
        }
        return result;
    }
}
