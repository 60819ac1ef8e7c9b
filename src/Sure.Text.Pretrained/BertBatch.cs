namespace Sure.Text.Bert;

/// <summary>Token ids of several texts, right-padded with [PAD] to the longest: ids, attention mask and pooling mask
/// (<see cref="BertTokens.PoolStart"/>, <see cref="BertTokens.PoolEnd"/>), row-major [Count × Length].</summary>
public sealed class BertBatch
{
    public int Count { get; }
    public int Length { get; }
    public long[] Ids { get; }
    public long[] Mask { get; }
    /// <summary>1 where mean pooling averages: the real tokens of a plain text; [CLS] utterance [SEP] of one read in context.</summary>
    public long[] PoolMask { get; }

    public BertBatch(IReadOnlyList<BertTokens> rows, int padId)
    {
        Count = rows.Count;
        Length = rows.Count == 0 ? 0 : rows.Max(r => r.Ids.Length);
        Ids = new long[Count * Length];
        Mask = new long[Count * Length];
        PoolMask = new long[Count * Length];
        for (int i = 0; i < Count; i++)
        {
            var r = rows[i].Ids;
            for (int k = 0; k < Length; k++)
            {
                bool real = k < r.Length;
                Ids[i * Length + k] = real ? r[k] : padId;
                Mask[i * Length + k] = real ? 1 : 0;
                PoolMask[i * Length + k] = k >= rows[i].PoolStart && k < rows[i].PoolEnd ? 1 : 0;
            }
        }
    }

    /// <summary>Index ranges of <paramref name="rows"/> sorted by length (longest first), in chunks of at most
    /// <paramref name="batchSize"/>: batches that waste little on padding. Returns the permutation's chunks.</summary>
    public static IEnumerable<int[]> ByLength(IReadOnlyList<BertTokens> rows, int batchSize)
    {
        var order = Enumerable.Range(0, rows.Count).OrderByDescending(i => rows[i].Ids.Length).ThenBy(i => i).ToArray();
        for (int s = 0; s < order.Length; s += batchSize) yield return order[s..Math.Min(order.Length, s + batchSize)];
    }
}
