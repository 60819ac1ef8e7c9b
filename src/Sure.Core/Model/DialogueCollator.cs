using Sure.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Model;

// STUB (replaced on merge)
public static class DialogueCollator
{
    public static DialogueBatch Collate(IReadOnlyList<Dialogue> dialogues, Modality[] used, int[] dims, int maxSpeakers, Device device)
    {
        int b = dialogues.Count, n = dialogues.Max(d => d.Count);
        var feats = new Tensor?[3];
        foreach (var m in used)
        {
            var arr = new float[b * n * dims[(int)m]];
            for (int i = 0; i < b; i++) for (int j = 0; j < dialogues[i].Count; j++) dialogues[i].Utterances[j][m]?.CopyTo(arr, (i * n + j) * dims[(int)m]);
            feats[(int)m] = torch.tensor(arr).reshape(b, n, dims[(int)m]).to(device);
        }
        var mask = new bool[b * n]; var lab = new long[b * n]; Array.Fill(lab, -1L);
        for (int i = 0; i < b; i++) for (int j = 0; j < dialogues[i].Count; j++) { mask[i * n + j] = true; lab[i * n + j] = dialogues[i].Utterances[j].Label; }
        return new DialogueBatch { Features = feats, Mask = torch.tensor(mask).reshape(b, n), Speakers = torch.zeros(b, n, dtype: int64), Labels = torch.tensor(lab).reshape(b, n),
            DialogueIds = dialogues.Select(d => d.Id).ToArray(), Lengths = dialogues.Select(d => d.Count).ToArray() };
    }
}
