using Sure.Data;

namespace Sure.Training;

/// <summary>Ensures a dataset has a validation split: when it has none, a fixed fraction of the training dialogues (chosen by seed) becomes the validation split.</summary>
public static class ValidationSplit
{
    /// <returns>The number of dialogues moved from train to valid (0 when the data already had a validation split).</returns>
    public static int Ensure(ConversationDataset data, double fraction, int seed)
    {
        if (data.In(Split.Valid).Any()) return 0;
        var train = data.In(Split.Train).ToList();
        if (train.Count < 2) return 0;
        return MoveToValid(train, Math.Max(1, (int)Math.Round(train.Count * fraction)), seed);
    }

    /// <summary>Moves <paramref name="take"/> of <paramref name="train"/> to the validation split, drawn from them sorted by id
    /// (so the draw depends on the data, not its order) with <paramref name="seed"/>; returns <paramref name="take"/>.</summary>
    private static int MoveToValid(List<Dialogue> train, int take, int seed)
    {
        var order = train.OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(order);
        foreach (var d in order.Take(take)) d.Split = Split.Valid;
        return take;
    }

    /// <summary>The seed of <see cref="Enlarge"/>'s draw: fixed, so every run (any seed, any trial) moves the same dialogues.</summary>
    public const int EnlargeSeed = 20261206;

    /// <summary>Moves round(<paramref name="fraction"/> × training dialogues) of the training split to the validation split,
    /// in addition to what it holds: a larger validation set to select on. The dialogues are drawn from the training
    /// dialogues sorted by id with <see cref="EnlargeSeed"/>, so they depend on the data alone.</summary>
    /// <returns>The number of dialogues moved (0 for a fraction of 0 or fewer than 2 training dialogues).</returns>
    public static int Enlarge(ConversationDataset data, double fraction)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (fraction <= 0) return 0;
        var train = data.In(Split.Train).ToList();
        if (train.Count < 2) return 0;
        return MoveToValid(train, Math.Clamp((int)Math.Round(train.Count * fraction), 1, train.Count - 1), EnlargeSeed);
    }
}
