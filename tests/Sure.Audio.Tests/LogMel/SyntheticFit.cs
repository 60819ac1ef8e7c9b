using Sure.Audio.LogMel;
using TorchSharp;

namespace Sure.Audio.Tests.LogMel;

/// <summary>One cross-fitted fit on <see cref="SyntheticTones"/>, shared by the tests that only read it.</summary>
public sealed class SyntheticFit : IDisposable
{
    internal SyntheticTones Data { get; }
    internal LogMelTrainer.Fit Fit { get; }

    public SyntheticFit()
    {
        torch.set_num_threads(1); // the caller's job; the library never sets it
        Data = new SyntheticTones(train: 48, test: 24, seed: 11);
        Fit = LogMelTrainer.FitCore(Data.Clips, Data.Labels, Data.Group, Data.IsTrain, 3, SyntheticTones.Options, null);
    }

    public void Dispose() => Fit.Encoder.Dispose();
}
