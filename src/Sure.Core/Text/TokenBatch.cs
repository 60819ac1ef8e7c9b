using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Text;

/// <summary>Builds the [B, N, L] int64 token tensor of <see cref="Model.DialogueBatch.Tokens"/> from token ids.</summary>
public static class TokenBatch
{
    /// <summary>
    /// <paramref name="dialogues"/>[b][n] are the token ids of utterance n of dialogue b. N is the longest dialogue and
    /// L the longest utterance of the batch (at least 1); everything else is <see cref="Vocabulary.PadId"/> (0).
    /// </summary>
    public static Tensor Build(IReadOnlyList<int[][]> dialogues, Device? device = null)
    {
        int b = dialogues.Count;
        int n = 0, l = 1;
        foreach (var d in dialogues)
        {
            n = Math.Max(n, d.Length);
            foreach (var u in d) l = Math.Max(l, u.Length);
        }
        var data = new long[(long)b * n * l];
        for (int i = 0; i < b; i++)
            for (int j = 0; j < dialogues[i].Length; j++)
            {
                var u = dialogues[i][j];
                long off = ((long)i * n + j) * l;
                for (int k = 0; k < u.Length; k++) data[off + k] = u[k];
            }
        if (device is null || device.type == DeviceType.CPU) return tensor(data, [b, n, l], ScalarType.Int64);
        using var cpu = tensor(data, [b, n, l], ScalarType.Int64);
        return cpu.to(device);
    }

    /// <summary>The same for the dialogues at <paramref name="indices"/> of a whole encoded dataset (<see cref="Vocabulary.Encode(Data.ConversationDataset)"/>).</summary>
    public static Tensor Build(int[][][] encoded, IReadOnlyList<int> indices, Device? device = null) =>
        Build(indices.Select(i => encoded[i]).ToArray(), device);
}
