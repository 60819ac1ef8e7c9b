using System.Globalization;
using Sure.Errors;

namespace Sure.Experiments;

/// <summary>
/// The seeds of an experiment. "N" (a single number) means N seeds starting at the base seed: base, base+1, ...,
/// base+N−1. An explicit list is written with commas ("1,7,42"; a single explicit seed as "7,") or as a range "3..7".
/// </summary>
public static class SeedList
{
    public static IReadOnlyList<int> Parse(string spec, int baseSeed)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new SureUserException($"{Setting.Name("seeds")} is empty: give a count (e.g. 5) or a list (e.g. 1,2,3).");
        spec = spec.Trim();
        int[] seeds;
        if (spec.Contains(".."))
        {
            var parts = spec.Split("..", StringSplitOptions.TrimEntries);
            if (parts.Length != 2) throw Bad(spec);
            int a = Int(parts[0], spec), b = Int(parts[1], spec);
            if (b < a) throw new SureUserException($"{Setting.Name("seeds")} '{spec}': the range is empty.");
            seeds = Enumerable.Range(a, b - a + 1).ToArray();
        }
        else if (spec.Contains(','))
        {
            seeds = spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => Int(s, spec)).ToArray();
            if (seeds.Length == 0) throw Bad(spec);
        }
        else
        {
            return Count(baseSeed, Int(spec, spec));
        }
        if (seeds.Distinct().Count() != seeds.Length) throw new SureUserException($"{Setting.Name("seeds")} '{spec}' repeats a seed.");
        return seeds;
    }

    /// <summary>base, base+1, ..., base+count−1.</summary>
    public static IReadOnlyList<int> Count(int baseSeed, int count)
    {
        if (count < 1) throw new SureUserException($"{Setting.Name("seeds")} {count}: need at least one seed.");
        return Enumerable.Range(0, count).Select(i => checked(baseSeed + i)).ToArray();
    }

    private static int Int(string s, string spec) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(spec);

    private static SureUserException Bad(string spec) =>
        new($"{Setting.Name("seeds")} '{spec}' is not a count (5), a list (1,2,3) or a range (1..5).");
}
