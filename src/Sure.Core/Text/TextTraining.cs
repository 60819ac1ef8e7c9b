using Sure.Data;
using Sure.Errors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Text;

/// <summary>What the text encoders trained on the training split share (<see cref="TextCnnFeatureExtractor"/>,
/// <c>BertFineTuner</c> in Sure.Text.Pretrained): utterances by split, length-bucketed batches, best-epoch snapshots, feature assignment.</summary>
internal static class TextTraining
{
    /// <summary>Every utterance, and the labelled ones of train/valid/test; throws on an out-of-range label.</summary>
    public static (List<(int D, int U)> All, List<(int D, int U)> Train, List<(int D, int U)> Valid, List<(int D, int U)> Test) Splits(ConversationDataset dataset)
    {
        var all = new List<(int D, int U)>();
        var train = new List<(int D, int U)>();
        var valid = new List<(int D, int U)>();
        var test = new List<(int D, int U)>();
        for (int d = 0; d < dataset.Dialogues.Count; d++)
        {
            var dlg = dataset.Dialogues[d];
            for (int u = 0; u < dlg.Utterances.Count; u++)
            {
                all.Add((d, u));
                int label = dlg.Utterances[u].Label;
                if (label >= dataset.ClassCount)
                    throw new SureDataException($"label {label} is out of range for {dataset.ClassCount} classes.", dataset.Source, dlg.Id, u);
                if (label < 0) continue;
                (dlg.Split switch { Split.Train => train, Split.Valid => valid, _ => test }).Add((d, u));
            }
        }
        return (all, train, valid, test);
    }

    /// <summary>
    /// Fold (0..K−1) of every training dialogue, −1 for the others: training dialogues shuffled with the seed, then dealt
    /// round-robin (the same assignment for every encoder given the seed). Throws when there are fewer training dialogues than folds.
    /// </summary>
    public static int[] FoldOf(ConversationDataset ds, int folds, int seed, string what)
    {
        var fold = Enumerable.Repeat(-1, ds.Dialogues.Count).ToArray();
        var trainDialogues = Enumerable.Range(0, ds.Dialogues.Count).Where(d => ds.Dialogues[d].Split == Split.Train).ToArray();
        if (trainDialogues.Length < folds)
            throw new SureDataException($"{what} cross-fitting needs at least {folds} training dialogues (one per fold); the data has {trainDialogues.Length}.", ds.Source);
        new Random(seed).Shuffle(trainDialogues);
        for (int i = 0; i < trainDialogues.Length; i++) fold[trainDialogues[i]] = i % folds;
        return fold;
    }

    /// <summary>
    /// Mini-batches of the (already shuffled) items with little padding: blocks of <paramref name="blockBatches"/> batches
    /// are sorted by <paramref name="length"/> (stable: equal lengths keep their shuffled order) and cut into batches, whose
    /// order is then shuffled with <paramref name="rng"/> (null: not shuffled). Every item is in exactly one batch;
    /// <paramref name="blockBatches"/> = 1 gives batches of consecutive items, no length sorting.
    /// </summary>
    public static List<(int D, int U)[]> Batches((int D, int U)[] items, Func<(int D, int U), int> length, int batchSize, Random? rng, int blockBatches = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBatches, 1);
        var batches = new List<(int D, int U)[]>();
        int block = (int)Math.Min(int.MaxValue, (long)batchSize * blockBatches);
        for (int start = 0; start < items.Length; start += block)
        {
            var sorted = items.AsSpan(start, Math.Min(block, items.Length - start)).ToArray().OrderBy(length).ToArray();
            for (int b = 0; b < sorted.Length; b += batchSize)
                batches.Add(sorted.AsSpan(b, Math.Min(batchSize, sorted.Length - b)).ToArray());
        }
        rng?.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batches));
        return batches;
    }

    /// <summary>Detached copies of named parameters (the best epoch's), kept outside any dispose scope.</summary>
    public static Dictionary<string, Tensor> Snapshot(IEnumerable<(string Name, Parameter P)> parameters) =>
        parameters.ToDictionary(p => p.Name, p => p.P.detach().clone().DetachFromDisposeScope());

    public static void Restore(IEnumerable<(string Name, Parameter P)> parameters, Dictionary<string, Tensor> snapshot)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in parameters) p.copy_(snapshot[name]);
    }

    public static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        if (tensors is null) return;
        foreach (var t in tensors.Values) t.Dispose();
        tensors.Clear();
    }

    /// <summary>Vectors given for every utterance in dataset order (dialogue by dialogue) as [dialogue][utterance].</summary>
    public static float[][][] ByDialogue(ConversationDataset ds, IReadOnlyList<float[]> flat)
    {
        var result = new float[ds.Dialogues.Count][][];
        int k = 0;
        for (int d = 0; d < result.Length; d++)
        {
            result[d] = new float[ds.Dialogues[d].Utterances.Count][];
            for (int u = 0; u < result[d].Length; u++) result[d][u] = flat[k++];
        }
        return result;
    }

    /// <summary>Writes <paramref name="features"/> ([dialogue][utterance]) into every utterance's text features.</summary>
    public static void AssignText(ConversationDataset ds, float[][][] features)
    {
        for (int d = 0; d < ds.Dialogues.Count; d++)
            for (int u = 0; u < ds.Dialogues[d].Utterances.Count; u++)
                ds.Dialogues[d].Utterances[u][Modality.Text] = features[d][u];
    }
}

/// <summary>Early stopping on a validation score: keeps a copy of the parameters of the best epoch so far and says when
/// <see cref="Patience"/> epochs have passed without improvement (0 = never).</summary>
internal sealed class BestEpoch(int patience) : IDisposable
{
    private Dictionary<string, Tensor>? _best;
    private int _since;

    public int Patience { get; } = patience;
    public double Score { get; private set; } = double.NegativeInfinity;
    public int Epoch { get; private set; }

    /// <summary>Records <paramref name="epoch"/>'s <paramref name="score"/> (snapshotting <paramref name="parameters"/> when
    /// it is the best); true when training should stop.</summary>
    public bool Observe(int epoch, double score, IEnumerable<(string Name, Parameter P)> parameters)
    {
        if (score > Score)
        {
            Score = score;
            Epoch = epoch;
            _since = 0;
            TextTraining.DisposeAll(_best);
            _best = TextTraining.Snapshot(parameters);
            return false;
        }
        return Patience > 0 && ++_since >= Patience;
    }

    /// <summary>Copies the best epoch's parameters back (nothing when no epoch was observed).</summary>
    public void Restore(IEnumerable<(string Name, Parameter P)> parameters)
    {
        if (_best is not null) TextTraining.Restore(parameters, _best);
    }

    public void Dispose() => TextTraining.DisposeAll(_best);
}

