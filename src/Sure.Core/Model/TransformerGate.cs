using Sure.Data;
using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

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
    /// <summary><see cref="maxSpeakers"/> as a Scalar that lives as long as the module (see <see cref="Sure.Tensors.Scalars"/>).</summary>
    private readonly Scalar speakerCount;

    /// <param name="speakerInitStd">Standard deviation of the speaker embeddings' normal initialisation (1 = PyTorch's nn.Embedding default, as the reference code).</param>
    public TransformerGate(Modality[] used, int hidden, int heads, int layers, double dropout, bool causal, int maxSpeakers, double speakerInitStd = 1.0)
        : base(nameof(TransformerGate))
    {
        this.used = used;
        this.maxSpeakers = maxSpeakers;
        speakerCount = maxSpeakers.ToScalar();
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
        var context = PositionalEncoding.Sinusoidal(n, hidden, mask.device).unsqueeze(0).add(speaker.forward(speakers.remainder(speakerCount)), One);
        var x = used.ToDictionary(m => m, m => dropout.forward(inputs[m].add(context, One)).masked_fill(pad, Zero));
        return Fuse(x, (key, encoder, q, src) => encoder.forward(q, src, mask), pad);
    }

    /// <summary>
    /// Incremental causal form (eval mode, one dialogue): the next utterance's inputs [1, 1, d] per used modality, its
    /// 0-based <paramref name="position"/> in the dialogue and speaker index → per used modality [1, 1, d], equal to row
    /// <paramref name="position"/> of <see cref="forward"/> over the dialogue so far. Every attention layer's keys and
    /// values of the earlier utterances come from <paramref name="cache"/>, and this utterance's join them.
    /// </summary>
    internal Dictionary<Modality, Tensor> Step(IReadOnlyDictionary<Modality, Tensor> inputs, long position, long speakerIndex, GateCache cache)
    {
        using var scope = NewDisposeScope();
        var device = inputs[used[0]].device;
        var context = PositionalEncoding.Rows(position, 1, hidden, device).unsqueeze(0)
            .add(speaker.forward(tensor(new[] { speakerIndex % maxSpeakers }, [1, 1], device: device)), One);
        var x = used.ToDictionary(m => m, m => dropout.forward(inputs[m].add(context, One)));
        return Fuse(x, (key, encoder, q, src) => encoder.Step(q, src, cache.For(key, encoder.LayerCount)), pad: null);
    }

    /// <summary>For each target modality: its intra-modal and inter-modal encoders (run by <paramref name="encode"/>:
    /// key, encoder, queries, keys/values or null for self-attention), unimodal gates and fusion; zeros where <paramref name="pad"/>.</summary>
    private Dictionary<Modality, Tensor> Fuse(Dictionary<Modality, Tensor> x, Func<string, TransformerEncoder, Tensor, Tensor?, Tensor> encode, Tensor? pad)
    {
        var result = new Dictionary<Modality, Tensor>();
        foreach (var m in used)
        {
            var parts = new List<Tensor> { gates[Key(m, m)].forward(encode(Key(m), intra[Key(m)], x[m], null)) };
            foreach (var o in Others(m))
                parts.Add(gates[Key(m, o)].forward(encode(Key(m, o), inter[Key(m, o)], x[m], x[o])));
            var fused = fuse[Key(m)].forward(cat(parts, -1));
            result[m] = (pad is null ? fused : fused.masked_fill(pad, Zero)).MoveToOuterDisposeScope();
        }
        return result;
    }
}

/// <summary>The transformer gate's streamed state: per encoder ("m" intra-modal, "m_n" inter-modal) and layer, the keys and values so far.</summary>
internal sealed class GateCache : IDisposable
{
    private readonly Dictionary<string, KvCache[]> caches = [];

    public KvCache[] For(string encoder, int layers)
    {
        if (!caches.TryGetValue(encoder, out var c))
            caches[encoder] = c = Enumerable.Range(0, layers).Select(_ => new KvCache()).ToArray();
        return c;
    }

    public void Dispose()
    {
        foreach (var c in caches.Values.SelectMany(x => x)) c.Dispose();
        caches.Clear();
    }
}
