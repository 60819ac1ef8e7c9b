using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Tensors;

/// <summary>Inverted dropout whose mask comes from a given generator (reproducible under a seed whatever else uses torch's
/// global generator), or from torch's default CPU generator when it is null: the TextCNN, the GloVe utterance encoder and
/// the log-mel CNN share it.</summary>
internal static class SeededDropout
{
    /// <summary><paramref name="x"/> with each value zeroed with probability <paramref name="p"/> and the rest scaled by
    /// 1/(1 − p) in training; <paramref name="x"/> itself (an alias) otherwise.</summary>
    public static Tensor Apply(Tensor x, double p, bool training, Generator? gen)
    {
        if (!training || p <= 0) return x.alias();
        using var keep = rand(x.shape, generator: gen, dtype: x.dtype);
        using var drop = p.ToScalar();            // both alive across their calls (Scalars)
        using var kept = (1 - p).ToScalar();
        using var mask = keep.ge(drop).to(x.device);
        return x * mask / kept;
    }
}
