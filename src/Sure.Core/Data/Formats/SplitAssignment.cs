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

    public static string Name(Split s) => s.ToString().ToLowerInvariant();
}
