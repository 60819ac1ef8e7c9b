using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// Applies split lists (train / valid / test dialogue ids) to loaded dialogues. Refuses ids listed twice or in two
/// splits, listed ids that are absent from the data, and dialogues that no list names.
/// </summary>
public static class SplitAssignment
{
    public static void Apply(IReadOnlyList<Dialogue> dialogues, string file,
        IReadOnlyList<string> train, IReadOnlyList<string> valid, IReadOnlyList<string> test)
    {
        var splitOf = new Dictionary<string, Split>(StringComparer.Ordinal);
        foreach (var (ids, split) in new[] { (train, Split.Train), (valid, Split.Valid), (test, Split.Test) })
        {
            foreach (var id in ids)
            {
                if (splitOf.TryGetValue(id, out var other))
                    throw new SureDataException(other == split
                        ? $"the {Name(split)} id list names this dialogue twice"
                        : $"the dialogue is in both the {Name(other)} and the {Name(split)} id lists (splits overlap)", file, id);
                splitOf[id] = split;
            }
        }
        var present = new HashSet<string>(dialogues.Select(d => d.Id), StringComparer.Ordinal);
        foreach (var (id, split) in splitOf)
            if (!present.Contains(id))
                throw new SureDataException($"the {Name(split)} id list names this dialogue but the data has no such dialogue", file, id);
        foreach (var d in dialogues)
        {
            if (!splitOf.TryGetValue(d.Id, out var split))
                throw new SureDataException("the dialogue is in none of the split id lists (train/valid/test)", file, d.Id);
            d.Split = split;
        }
    }

    /// <summary>
    /// Splits <paramref name="dialogues"/> at random by dialogue: the dialogues sorted by id (ordinal) are shuffled with
    /// <paramref name="seed"/>, then round(n·<paramref name="validFraction"/>) go to valid and round(n·<paramref name="testFraction"/>)
    /// to test (at least 1 each when there are 3 or more dialogues), the rest to train. The result depends only on the ids
    /// and the seed, not on the file order. Fewer than 3 dialogues all stay in train.
    /// </summary>
    /// <returns>The number of train, valid and test dialogues.</returns>
    public static (int Train, int Valid, int Test) Shuffled(IReadOnlyList<Dialogue> dialogues, int seed, double validFraction, double testFraction)
    {
        var order = dialogues.OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();
        foreach (var d in order) d.Split = Split.Train;
        if (order.Length < 3) return (order.Length, 0, 0);
        new Random(seed).Shuffle(order);
        var valid = Math.Max(1, (int)Math.Round(order.Length * validFraction, MidpointRounding.AwayFromZero));
        var test = Math.Max(1, (int)Math.Round(order.Length * testFraction, MidpointRounding.AwayFromZero));
        if (valid + test >= order.Length) (valid, test) = (1, 1);
        for (var i = 0; i < valid + test; i++) order[i].Split = i < valid ? Split.Valid : Split.Test;
        return (order.Length - valid - test, valid, test);
    }

    /// <summary>The split named <paramref name="name"/>: train, valid (also dev, validation) or test; null for any other name.</summary>
    public static Split? Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "train" => Split.Train,
        "valid" or "dev" or "validation" => Split.Valid,
        "test" => Split.Test,
        _ => null,
    };

    public static string Name(Split s) => s.ToString().ToLowerInvariant();
}
