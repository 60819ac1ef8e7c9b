using Sure.Runs;
using Sure.Synth;

namespace Sure.Data;

/// <summary>A dataset ready for training, with its SynthERC benchmark (and so its exact ceilings) when it is synthetic.</summary>
public sealed class LoadedData
{
    public required ConversationDataset Dataset { get; init; }
    public SynthErcBenchmark? Synth { get; init; }
    public Ceilings? TestCeiling => Synth is null ? null : new Ceilings(Synth.Test.BayesAccuracy, Synth.Test.NoContextAccuracy);
    public Ceilings? ValidCeiling => Synth is null ? null : new Ceilings(Synth.Valid.BayesAccuracy, Synth.Valid.NoContextAccuracy);
}
