using System.Globalization;
using Sure.Errors;

namespace Sure.Experiments;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (0-based, as Slurm's array task id and Kubernetes' completion
/// index): its own share is the grid's runs i with i mod Count = Index. After its own share a shard helps with the runs
/// no other process holds, so a killed or slow shard's runs still get done.
/// </summary>
public sealed record ExperimentShard(int Index, int Count)
{
    /// <summary>The whole grid in one process.</summary>
    public static ExperimentShard Whole { get; } = new(0, 1);

    /// <summary>"K/N" with 0 ≤ K &lt; N.</summary>
    public static ExperimentShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && k < n)
            return new ExperimentShard(k, n);
        throw new SureUserException($"{Setting.Name("shard")} '{text}': expected K/N with 0 ≤ K < N (e.g. 0/4 … 3/4).");
    }

    /// <summary>The grid's run indices in the order this shard takes them: its own share, then the others.</summary>
    public IEnumerable<int> Order(int runs) =>
        Enumerable.Range(0, runs).Where(i => i % Count == Index).Concat(Enumerable.Range(0, runs).Where(i => i % Count != Index));

    public override string ToString() => $"{Index.ToString(CultureInfo.InvariantCulture)}/{Count.ToString(CultureInfo.InvariantCulture)}";
}
