using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

namespace Sure.Model;

/// <summary>
/// Scaled dot-product multi-head attention written with tensor ops, with a key-padding mask and an optional causal
/// mask. Masked scores are set to −1e30 (not −∞), so a query row with no allowed key (only possible for an empty
/// dialogue) gets uniform weights instead of NaN. State dict: "q", "k", "v", "o" Linear layers (d → d, with bias).
/// </summary>
public sealed class MultiHeadAttention : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    internal readonly Modules.Linear q;
    internal readonly Modules.Linear k;
    internal readonly Modules.Linear v;
    internal readonly Modules.Linear o;
    private readonly Modules.Dropout dropout;

    private readonly int hidden;
    private readonly int heads;
    private readonly bool causal;
    /// <summary>√(d/H), the scores' divisor, as a Scalar that lives as long as the module (see <see cref="Sure.Tensors.Scalars"/>).</summary>
    private readonly Scalar sqrtHeadDim;

    public MultiHeadAttention(int hidden, int heads, double dropout, bool causal) : base(nameof(MultiHeadAttention))
    {
        if (hidden % heads != 0) throw new ArgumentException("heads must divide hidden", nameof(heads));
        this.hidden = hidden;
        this.heads = heads;
        this.causal = causal;
        sqrtHeadDim = Math.Sqrt(hidden / heads).ToScalar();
        q = nn.Linear(hidden, hidden);
        k = nn.Linear(hidden, hidden);
        v = nn.Linear(hidden, hidden);
        o = nn.Linear(hidden, hidden);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>queries [B, Nq, d], keys/values [B, Nk, d], keyMask [B, Nk] bool (true = real) → [B, Nq, d].
    /// Causal: query i sees keys j ≤ i (same time axis, Nq = Nk).</summary>
    public override Tensor forward(Tensor queries, Tensor source, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        long b = queries.shape[0], nq = queries.shape[1], nk = source.shape[1];
        int dh = hidden / heads;
        var qh = q.forward(queries).view(b, nq, heads, dh).transpose(1, 2);   // [B, H, Nq, dh]
        var kh = k.forward(source).view(b, nk, heads, dh).transpose(1, 2);
        var vh = v.forward(source).view(b, nk, heads, dh).transpose(1, 2);
        var scores = qh.matmul(kh.transpose(-2, -1)) / sqrtHeadDim;        // [B, H, Nq, Nk]
        var allowed = keyMask.view(b, 1, 1, nk);
        if (causal) allowed = allowed.logical_and(ones(nq, nk, dtype: ScalarType.Bool, device: queries.device).tril());
        var weights = dropout.forward(scores.masked_fill(allowed.logical_not(), Blocked).softmax(-1));
        var mixed = weights.matmul(vh).transpose(1, 2).reshape(b, nq, hidden);
        return o.forward(mixed).MoveToOuterDisposeScope();
    }

    /// <summary>Incremental causal form (eval mode, one dialogue): the next utterance's query [1, 1, d] attends to every
    /// key/value so far, <paramref name="cache"/>'s and the one made now from <paramref name="source"/> [1, 1, d] (appended
    /// to the cache) → [1, 1, d]. Equals row i of <see cref="forward"/> over the whole dialogue so far.</summary>
    internal Tensor Step(Tensor query, Tensor source, KvCache cache)
    {
        using var scope = NewDisposeScope();
        int dh = hidden / heads;
        var qh = q.forward(query).view(1, 1, heads, dh).transpose(1, 2);     // [1, H, 1, dh]
        var kh = cache.Keys.Append(k.forward(source).view(1, 1, heads, dh).transpose(1, 2));   // [1, H, n, dh]
        var vh = cache.Values.Append(v.forward(source).view(1, 1, heads, dh).transpose(1, 2));
        var weights = (qh.matmul(kh.transpose(-2, -1)) / sqrtHeadDim).softmax(-1);   // [1, H, 1, n]
        var mixed = weights.matmul(vh).transpose(1, 2).reshape(1, 1, hidden);
        return o.forward(mixed).MoveToOuterDisposeScope();
    }
}

/// <summary>One attention layer's keys and values [1, H, n, d/H] of the utterances streamed so far.</summary>
internal sealed class KvCache : IDisposable
{
    public RowCache Keys { get; } = new(2);
    public RowCache Values { get; } = new(2);

    public void Dispose()
    {
        Keys.Dispose();
        Values.Dispose();
    }
}
