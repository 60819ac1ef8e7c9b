using Sure.Data;
using Sure.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>Turns dialogues into a <see cref="DialogueBatch"/> padded only to the longest dialogue of the batch.</summary>
public static class DialogueCollator
{
    /// <summary>
    /// Features [B, N, D_m] per used modality (null for unused ones; a missing vector becomes zeros), Mask [B, N],
    /// Speakers [B, N] (index of first appearance within the dialogue, modulo <paramref name="maxSpeakers"/>; 0 on
    /// padding), Labels [B, N] (-1 on padding and unlabelled utterances). N is at least 1.
    /// </summary>
    /// <param name="dims">Feature dimension per modality, indexed by <see cref="Modality"/>.</param>
    /// <param name="store">When given (it must cover the dialogues), the features are gathered from it in one operation
    /// per modality; the batch is the same, bit for bit.</param>
    public static DialogueBatch Collate(IReadOnlyList<Dialogue> dialogues, Modality[] used, int[] dims, int maxSpeakers, Device device, FeatureStore? store = null)
    {
        if (dialogues.Count == 0) throw new ArgumentException("cannot collate an empty list of dialogues.", nameof(dialogues));
        if (maxSpeakers < 1) throw new ArgumentOutOfRangeException(nameof(maxSpeakers));
        int b = dialogues.Count, n = Math.Max(1, dialogues.Max(d => d.Count));
        var mask = new bool[b * n];
        var speakers = new long[b * n];
        var labels = new long[b * n];
        Array.Fill(labels, -1L);
        var features = new float[]?[Modalities.Count];
        long[]? rows = null;
        if (store is null)
        {
            foreach (var m in used) features[(int)m] = new float[(long)b * n * dims[(int)m]];
        }
        else
        {
            rows = new long[b * n];
            Array.Fill(rows, store.PaddingRow);
        }

        for (int i = 0; i < b; i++)
        {
            var dialogue = dialogues[i];
            var seen = new Dictionary<string, int>();
            long firstRow = store?.FirstRow(dialogue) ?? 0;
            for (int j = 0; j < dialogue.Count; j++)
            {
                var u = dialogue.Utterances[j];
                int at = i * n + j;
                mask[at] = true;
                if (!seen.TryGetValue(u.Speaker, out var s)) seen[u.Speaker] = s = seen.Count;
                speakers[at] = s % maxSpeakers;
                labels[at] = u.Label;
                if (rows is not null)
                {
                    rows[at] = firstRow + j;
                    continue;
                }
                foreach (var m in used)
                {
                    if (u[m] is not { } f) continue;
                    int dim = dims[(int)m];
                    if (f.Length != dim)
                        throw new SureDataException($"{m.Name()} feature has {f.Length} values, expected {dim}.", dialogueId: dialogue.Id, utteranceIndex: j);
                    Array.Copy(f, 0, features[(int)m]!, (long)at * dim, dim);
                }
            }
        }
        return new DialogueBatch
        {
            Features = Modalities.All.Select(m =>
                    !used.Contains(m) ? null
                    : rows is not null ? store!.Gather(m, rows, b, n, device)
                    : tensor(features[(int)m]!, [b, n, dims[(int)m]], device: device))
                .ToArray(),
            Mask = tensor(mask, [b, n], device: device),
            Speakers = tensor(speakers, [b, n], device: device),
            Labels = tensor(labels, [b, n], device: device),
            DialogueIds = dialogues.Select(d => d.Id).ToArray(),
            Lengths = dialogues.Select(d => d.Count).ToArray(),
        };
    }
}
