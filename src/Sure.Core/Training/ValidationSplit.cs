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
        int take = Math.Max(1, (int)Math.Round(train.Count * fraction));
        var rng = new Random(seed);
        var order = train.OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();
        rng.Shuffle(order);
        foreach (var d in order.Take(take)) d.Split = Split.Valid;
        return take;
    }
}
