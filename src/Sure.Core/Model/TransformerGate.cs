using Sure.Data;
using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>
/// Paper §2.5 (eq. 11–17). Every used modality's input gets sinusoidal positions plus a learned speaker embedding
/// (one table shared by all modalities, "speaker"), then dropout. For each target modality m:
/// an intra-modal encoder ("intra.m", self-attention) and one inter-modal encoder per other used modality n
/// ("inter.m_n", queries m, keys/values n); each output passes a unimodal gate ("gates.m_m", "gates.m_n"); the
/// 1 + #others gated outputs are concatenated and reduced by "fuse.m" (Linear((1+#others)·d → d)).
/// A single modality has only its intra-modal encoder (and "fuse.m" is then Linear(d → d)).
/// Causal context: every attention (self and cross) lets utterance i see only utterances j ≤ i.
/// </summary>
public sealed class TransformerGate : nn.Module<IReadOnlyDictionary<Modality, Tensor>, Tensor, Tensor, Dictionary<Modality, Tensor>>
{
    internal readonly Modules.Embedding speaker;
    internal readonly Modules.ModuleDict<TransformerEncoder> intra;
    internal readonly Modules.ModuleDict<TransformerEncoder> inter;
    internal readonly Modules.ModuleDict<UnimodalGate> gates;
    internal readonly Modules.ModuleDict<Modules.Linear> fuse;
    private readonly Modules.Dropout dropout;

    private readonly Modality[] used;
    private readonly int hidden;
    private readonly int maxSpeakers;

    /// <param name="speakerInitStd">Standard deviation of the speaker embeddings' normal initialisation (1 = PyTorch's nn.Embedding default, as the reference code).</param>
    public TransformerGate(Modality[] used, int hidden, int heads, int layers, double dropout, bool causal, int maxSpeakers, double speakerInitStd = 1.0)
        : base(nameof(TransformerGate))
    {
        this.used = used;
        this.maxSpeakers = maxSpeakers;
        this.hidden = hidden;
        speaker = nn.Embedding(maxSpeakers, hidden);
        if (speakerInitStd != 1.0)
            using (torch.no_grad()) speaker.weight!.normal_(0, speakerInitStd);
        intra = new Modules.ModuleDict<TransformerEncoder>();
        inter = new Modules.ModuleDict<TransformerEncoder>();
        gates = new Modules.ModuleDict<UnimodalGate>();
        fuse = new Modules.ModuleDict<Modules.Linear>();
        foreach (var m in used)
        {
            intra.Add(Key(m), new TransformerEncoder(hidden, heads, layers, dropout, causal));
            gates.Add(Key(m, m), new UnimodalGate(hidden));
            foreach (var n in Others(m))
            {
                inter.Add(Key(m, n), new TransformerEncoder(hidden, heads, layers, dropout, causal));
                gates.Add(Key(m, n), new UnimodalGate(hidden));
            }
            fuse.Add(Key(m), nn.Linear(used.Length * hidden, hidden));
        }
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    internal static string Key(Modality m) => m.Letter().ToString();
    internal static string Key(Modality target, Modality source) => $"{target.Letter()}_{source.Letter()}";
    private IEnumerable<Modality> Others(Modality m) => used.Where(n => n != m);

    /// <summary>inputs: per used modality [B, N, d]; mask [B, N] bool; speakers [B, N] int64 → per used modality [B, N, d] (zeros on padding).</summary>
    public override Dictionary<Modality, Tensor> forward(IReadOnlyDictionary<Modality, Tensor> inputs, Tensor mask, Tensor speakers)
    {
        using var scope = NewDisposeScope();
        long n = mask.shape[1];
        var pad = mask.logical_not().unsqueeze(-1);
        var context = PositionalEncoding.Sinusoidal(n, hidden, mask.device).unsqueeze(0) + speaker.forward(speakers.remainder(maxSpeakers));
        var x = used.ToDictionary(m => m, m => dropout.forward(inputs[m] + context).masked_fill(pad, 0));
        var result = new Dictionary<Modality, Tensor>();
        foreach (var m in used)
        {
            var parts = new List<Tensor> { gates[Key(m, m)].forward(intra[Key(m)].forward(x[m], null, mask)) };
            foreach (var o in Others(m))
                parts.Add(gates[Key(m, o)].forward(inter[Key(m, o)].forward(x[m], x[o], mask)));
            result[m] = fuse[Key(m)].forward(cat(parts, -1)).masked_fill(pad, 0).MoveToOuterDisposeScope();
        }
        return result;
    }
}
