using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>
/// A stack of <see cref="EncoderLayer"/>s ("layers.0", "layers.1", …). Self-attention when src is null (each layer's
/// keys are its own input); cross-attention otherwise (queries are refined layer by layer, keys/values stay src).
/// </summary>
public sealed class TransformerEncoder : nn.Module<Tensor, Tensor?, Tensor, Tensor>
{
    internal readonly Modules.ModuleList<EncoderLayer> layers;

    public TransformerEncoder(int hidden, int heads, int layerCount, double dropout, bool causal) : base(nameof(TransformerEncoder))
    {
        layers = nn.ModuleList(Enumerable.Range(0, layerCount).Select(_ => new EncoderLayer(hidden, heads, dropout, causal)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor? src, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        foreach (var layer in layers) x = layer.forward(x, src ?? x, keyMask);
        return x.MoveToOuterDisposeScope();
    }

    public int LayerCount => layers.Count;

    /// <summary>Incremental causal form: the next utterance's x [1, 1, d] (and src, null for self-attention), with one
    /// key/value cache per layer.</summary>
    internal Tensor Step(Tensor x, Tensor? src, IReadOnlyList<KvCache> caches)
    {
        using var scope = NewDisposeScope();
        for (int l = 0; l < layers.Count; l++) x = layers[l].Step(x, src ?? x, caches[l]);
        return x.MoveToOuterDisposeScope();
    }
}
