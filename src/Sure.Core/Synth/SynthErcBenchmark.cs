using Sure.Configuration;
using Sure.Data;

namespace Sure.Synth;

/// <summary>
/// A generated SynthERC benchmark: the dataset (train/valid/test), the options and true model that produced it,
/// the accuracy ceilings of the valid and test splits, and the per-utterance corruption ground truth.
/// Create it with <see cref="SynthErc.Create"/>.
/// </summary>
public sealed class SynthErcBenchmark
{
    internal SynthErcBenchmark(ConversationDataset dataset, SynthErcOptions options, SynthErcModel model,
        SynthErcCeilings valid, SynthErcCeilings test, IReadOnlyDictionary<(string DialogueId, int Index), SynthErcTruth> truth)
    {
        Dataset = dataset;
        Options = options;
        Model = model;
        Valid = valid;
        Test = test;
        Truth = truth;
    }

    public ConversationDataset Dataset { get; }
    public SynthErcOptions Options { get; }
    /// <summary>The true generative model (class means, speaker offsets, transition), e.g. for further exact ceilings.</summary>
    public SynthErcModel Model { get; }
    /// <summary>Ceilings of the validation split.</summary>
    public SynthErcCeilings Valid { get; }
    /// <summary>Ceilings of the test split.</summary>
    public SynthErcCeilings Test { get; }
    /// <summary>Corruption of every utterance of every split, keyed by (dialogue id, utterance index).</summary>
    public IReadOnlyDictionary<(string DialogueId, int Index), SynthErcTruth> Truth { get; }

    public SynthErcTruth TruthOf(string dialogueId, int index) =>
        Truth.TryGetValue((dialogueId, index), out var t) ? t : throw new KeyNotFoundException($"No SynthERC utterance {dialogueId}[{index}].");
}
