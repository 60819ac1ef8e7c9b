using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Text.Bert;

/// <summary>The stack of <see cref="BertLayer"/>s. Parameters: layer.{0..N-1}.*.</summary>
public sealed class BertEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig config) : base(nameof(BertEncoder))
    {
        layer = new ModuleList<BertLayer>(Enumerable.Range(0, config.Layers).Select(_ => new BertLayer(config)).ToArray());
        RegisterComponents();
    }

    /// <summary>Embeddings [B, L, H] and the key mask [B, 1, 1, L] → last hidden states [B, L, H].</summary>
    public override Tensor forward(Tensor hidden, Tensor keyMask) => Range(hidden, keyMask, 0, layer.Count);

    /// <summary>Layers <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) only, so the stack can run
    /// in two parts (<c>bench joint</c> caches the lower part).</summary>
    internal Tensor Range(Tensor hidden, Tensor keyMask, int from, int to)
    {
        using var scope = NewDisposeScope();
        var x = hidden;
        for (int i = from; i < to; i++) x = layer[i].call(x, keyMask);
        return x.alias().MoveToOuterDisposeScope();
    }
}
