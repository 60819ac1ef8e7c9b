using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

namespace Sure.Model;

/// <summary>
/// One standard (post-norm) Transformer encoder layer, paper eq. 11–13 (self-attention) and 14–16 (cross-attention):
/// x ← LayerNorm(x + Dropout(MHA(x, src))); x ← LayerNorm(x + Dropout(W_2 Dropout(GELU(W_1 x)))).
/// The feed-forward width equals d (as in SDT, the reference's predecessor). For self-attention pass src = x.
/// State dict: "attn.*", "norm1", "ff1", "ff2", "norm2".
/// </summary>
public sealed class EncoderLayer : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    internal readonly MultiHeadAttention attn;
    internal readonly Modules.LayerNorm norm1;
    internal readonly Modules.Linear ff1;
    internal readonly Modules.Linear ff2;
    internal readonly Modules.LayerNorm norm2;
    private readonly Modules.Dropout dropout;

    public EncoderLayer(int hidden, int heads, double dropout, bool causal) : base(nameof(EncoderLayer))
    {
        attn = new MultiHeadAttention(hidden, heads, dropout, causal);
        norm1 = nn.LayerNorm(hidden);
        ff1 = nn.Linear(hidden, hidden);
        ff2 = nn.Linear(hidden, hidden);
        norm2 = nn.LayerNorm(hidden);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>x [B, N, d] queries, src [B, N, d] keys/values, keyMask [B, N] bool.</summary>
    public override Tensor forward(Tensor x, Tensor src, Tensor keyMask) => Apply(x, attn.forward(x, src, keyMask));

    /// <summary>Incremental causal form: the next utterance's x and src [1, 1, d], its keys/values joining <paramref name="cache"/>.</summary>
    internal Tensor Step(Tensor x, Tensor src, KvCache cache) => Apply(x, attn.Step(x, src, cache));

    /// <summary>The layer around an attention output <paramref name="attended"/> of x.</summary>
    private Tensor Apply(Tensor x, Tensor attended)
    {
        using var scope = NewDisposeScope();
        x = norm1.forward(x.add(dropout.forward(attended), One));
        var f = ff2.forward(dropout.forward(nn.functional.gelu(ff1.forward(x))));
        return norm2.forward(x.add(dropout.forward(f), One)).MoveToOuterDisposeScope();
    }
}
