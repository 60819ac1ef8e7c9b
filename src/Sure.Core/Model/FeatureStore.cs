using Sure.Data;
using Sure.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>
/// A dataset's features held contiguously: one [utterances + 1, D_m] tensor per modality, the utterances of each
/// dialogue in consecutive rows, a missing vector as zeros, and a last row of zeros for padding. A batch's features are
/// then one gather (<c>index_select</c>) per modality instead of a copy per utterance and modality. Built once from the
/// dialogues (which keep their own arrays); the store covers exactly those dialogue objects, with the utterance counts
/// they had when it was built.
/// </summary>
public sealed class FeatureStore : IDisposable
{
    private readonly Dictionary<Dialogue, (int FirstRow, int Count)> _rows = new(ReferenceEqualityComparer.Instance);
    private readonly Tensor?[] _features = new Tensor?[Modalities.Count];

    private FeatureStore() { }

    /// <summary>The all-zero row that padding positions gather.</summary>
    public long PaddingRow { get; private init; }

    /// <param name="used">The modalities to hold; the others stay null.</param>
    /// <param name="dims">Feature dimension per modality, indexed by <see cref="Modality"/>.</param>
    public static FeatureStore Build(IEnumerable<Dialogue> dialogues, Modality[] used, int[] dims)
    {
        var list = dialogues.Distinct(ReferenceEqualityComparer.Instance).Cast<Dialogue>().ToList();
        int rows = list.Sum(d => d.Count);
        var store = new FeatureStore { PaddingRow = rows };
        int next = 0;
        foreach (var d in list)
        {
            store._rows[d] = (next, d.Count);
            next += d.Count;
        }
        foreach (var m in used)
        {
            int dim = dims[(int)m];
            var block = new float[(long)(rows + 1) * dim];
            foreach (var d in list)
            {
                int first = store._rows[d].FirstRow;
                for (int j = 0; j < d.Count; j++)
                {
                    if (d.Utterances[j][m] is not { } f) continue;
                    if (f.Length != dim)
                        throw new SureDataException($"{m.Name()} feature has {f.Length} values, expected {dim}.", dialogueId: d.Id, utteranceIndex: j);
                    Array.Copy(f, 0, block, (long)(first + j) * dim, dim);
                }
            }
            store._features[(int)m] = tensor(block, [rows + 1, dim]);
        }
        return store;
    }

    /// <summary>Whether every dialogue is one this store was built from, with the same number of utterances.</summary>
    public bool Covers(IReadOnlyList<Dialogue> dialogues) =>
        dialogues.All(d => _rows.TryGetValue(d, out var r) && r.Count == d.Count);

    /// <summary>The row of the first utterance of <paramref name="dialogue"/>.</summary>
    public long FirstRow(Dialogue dialogue) => _rows[dialogue].FirstRow;

    /// <summary>Features [B, N, D_m] of modality <paramref name="m"/>: rows[i·N + j] of the store, on <paramref name="device"/>.</summary>
    public Tensor Gather(Modality m, long[] rows, int b, int n, Device device)
    {
        var source = _features[(int)m] ?? throw new InvalidOperationException($"the feature store holds no {m.Name()} features.");
        using var index = tensor(rows);
        using var flat = source.index_select(0, index);
        var batch = flat.view(b, n, source.shape[1]);
        return device.type == DeviceType.CPU ? batch : batch.to(device);
    }

    public void Dispose()
    {
        foreach (var t in _features) t?.Dispose();
    }
}
