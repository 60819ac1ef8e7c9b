using static TorchSharp.torch;

namespace Sure.Audio.LogMel;

/// <summary>Batches of spectrograms for <see cref="LogMelCnn"/>, and running a trained one over many clips.</summary>
internal static class LogMelBatches
{
    /// <summary>Spectrograms [B, T, mels] right-padded with 0 to the longest, and their lengths [B] int64.</summary>
    public static (Tensor X, Tensor Lengths) Stack(IReadOnlyList<LogMelSpec> specs, int mels)
    {
        int frames = Math.Max(1, specs.Max(s => s.Frames));
        var data = new float[specs.Count * frames * mels];
        var lengths = new long[specs.Count];
        for (int i = 0; i < specs.Count; i++)
        {
            Array.Copy(specs[i].Data, 0, data, (long)i * frames * mels, (long)specs[i].Frames * mels);
            lengths[i] = Math.Max(1, specs[i].Frames);
        }
        return (tensor(data, [specs.Count, frames, mels]), tensor(lengths, ScalarType.Int64));
    }

    /// <summary>
    /// The model's vectors (eval mode, no gradients) for <paramref name="specs"/>: log class probabilities or hidden
    /// embeddings, batched by length (the output does not depend on the batching).
    /// </summary>
    public static float[][] Run(LogMelCnn model, IReadOnlyList<LogMelSpec> specs, bool logProbs, int batchSize = 32)
    {
        var result = new float[specs.Count][];
        if (specs.Count == 0) return result;
        model.eval();
        var order = Enumerable.Range(0, specs.Count).OrderBy(i => specs[i].Frames).ToArray();
        int mels = model.Options.Mels;
        int size = logProbs ? model.ClassCount : model.HiddenSize;
        using var noGrad = no_grad();
        for (int s = 0; s < order.Length; s += batchSize)
        {
            using var scope = NewDisposeScope();
            var batch = order.Skip(s).Take(batchSize).ToArray();
            var (x, lengths) = Stack(batch.Select(i => specs[i]).ToList(), mels);
            var h = model.Embed(x, lengths);
            if (logProbs) h = nn.functional.log_softmax(model.Classify(h), 1);
            var values = h.data<float>().ToArray();
            for (int i = 0; i < batch.Length; i++) result[batch[i]] = values.AsSpan(i * size, size).ToArray();
        }
        return result;
    }

    /// <summary>The log of the mean of exp(<paramref name="logProbs"/>) over models, per clip (floored at 1e-30).</summary>
    public static float[][] LogMeanProbabilities(IReadOnlyList<float[][]> logProbs)
    {
        int n = logProbs[0].Length;
        var result = new float[n][];
        for (int i = 0; i < n; i++)
        {
            int c = logProbs[0][i].Length;
            var r = new float[c];
            for (int k = 0; k < c; k++)
            {
                double sum = 0;
                foreach (var model in logProbs) sum += Math.Exp(model[i][k]);
                r[k] = (float)Math.Log(Math.Max(sum / logProbs.Count, 1e-30));
            }
            result[i] = r;
        }
        return result;
    }
}
