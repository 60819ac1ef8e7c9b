using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

namespace Sure.Audio.LogMel;

/// <summary>
/// A small CNN over normalised log-mel spectrograms [B, T, Mels] (T frames, right-padded with 0; the valid length of each
/// clip given separately): <see cref="LogMelOptions.Blocks"/> conv blocks (3×3 conv, batch norm over valid frames only,
/// ReLU, 2×2 max pooling; channels C/2, C, 2C, 2C, … for C = <see cref="LogMelOptions.Channels"/>) →
/// each frame's (remaining mel bin × channel) values → their mean and max over the valid frames (concatenated; the
/// frequency position is kept, which pitch and formants need) → dropout → Linear "fc" + ReLU
/// (the hidden embedding, <see cref="LogMelOptions.Hidden"/> values) → dropout → Linear "head" (class logits). Padding
/// never enters the statistics or the pooling: a clip's output does not depend on how far its batch is padded.
/// Parameter names follow PyTorch: blocks.{i}.conv.weight, blocks.{i}.norm.{weight,bias,running_mean,running_var},
/// fc.{weight,bias}, head.{weight,bias}. Initialisation and dropout draw from a generator seeded with the seed given
/// to the constructor (reproducible whatever else uses torch's global generator).
/// </summary>
public sealed class LogMelCnn : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<LogMelBlock> blocks;
    private readonly Linear fc;
    private readonly Linear head;
    private readonly Generator _gen;

    /// <summary>The settings it was built with.</summary>
    public LogMelOptions Options { get; }
    /// <summary>Classes of the head.</summary>
    public int ClassCount { get; }
    /// <summary>Size of the hidden embedding.</summary>
    public int HiddenSize => Options.Hidden;
    /// <summary>Channels after the last block.</summary>
    public int OutChannels { get; }
    /// <summary>Size of the pooled vector fed to "fc": mean and max over time of each (remaining mel bin, channel) pair.</summary>
    public int PooledSize { get; }

    /// <param name="classCount">Classes of the head (≥ 1).</param>
    /// <param name="options">Mels, channels, blocks, hidden size and dropout are read.</param>
    /// <param name="seed">Seeds the initialisation and the dropout masks.</param>
    public LogMelCnn(int classCount, LogMelOptions options, int seed, string name = "LogMelCnn") : base(name)
    {
        options.Validate();
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount));
        Options = options;
        ClassCount = classCount;
        _gen = new Generator((ulong)seed);
        var list = new List<LogMelBlock>();
        int input = 1;
        for (int i = 0; i < options.Blocks; i++)
        {
            int output = i == 0 ? Math.Max(1, options.Channels / 2) : i == 1 ? options.Channels : 2 * options.Channels;
            list.Add(new LogMelBlock(input, output));
            input = output;
        }
        OutChannels = input;
        int factor = 1 << options.Blocks;
        PooledSize = 2 * input * ((options.Mels + factor - 1) / factor);
        blocks = new ModuleList<LogMelBlock>([.. list]);
        fc = nn.Linear(PooledSize, options.Hidden);
        head = nn.Linear(options.Hidden, classCount);
        RegisterComponents();
        InitParameters();
    }

    /// <summary>Spectrograms [B, T, Mels], every frame valid → hidden embeddings [B, Hidden] (≥ 0).</summary>
    public override Tensor forward(Tensor x)
    {
        using var frames = x.shape[1].ToScalar();
        using var lengths = full(x.shape[0], frames, ScalarType.Int64, device: x.device);
        return Embed(x, lengths);
    }

    /// <summary>Spectrograms [B, T, Mels] (frames at or after a clip's length are padding), lengths [B] int64 (≥ 1) → hidden embeddings [B, Hidden] (≥ 0).</summary>
    public Tensor Embed(Tensor x, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        int factor = 1 << Options.Blocks;
        long t = x.shape[1], f = x.shape[2];
        long padT = (factor - t % factor) % factor, padF = (factor - f % factor) % factor;
        var h = nn.functional.pad(x, [0, padF, 0, padT]).unsqueeze(1); // [B, 1, T, F]
        var len = lengths.to(x.device);
        var mask = Mask(len, h.shape[2]);
        h = h * mask;
        foreach (var block in blocks)
        {
            h = block.call(h, mask);
            len = len.add(One, One).div(Two, rounding_mode: RoundingMode.floor);
            mask = Mask(len, h.shape[2]);
        }
        // [B, C, T', F'] → [B, T', F'·C]: each frame's values, padding frames 0
        var frames = h.permute(0, 2, 3, 1).reshape(h.shape[0], h.shape[2], h.shape[3] * h.shape[1]);
        var valid = mask.view(-1, h.shape[2], 1);
        var mean = frames.sum(1) / valid.sum(1);
        var max = frames.amax(1); // values ≥ 0 and padding 0: the max over the valid frames
        var pooled = cat([mean, max], 1);
        var hidden = nn.functional.relu(fc.call(Dropout(pooled)));
        return hidden.MoveToOuterDisposeScope();
    }

    /// <summary>Class logits [B, C] from hidden embeddings.</summary>
    public Tensor Classify(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return head.call(Dropout(hidden)).MoveToOuterDisposeScope();
    }

    /// <summary>[B, 1, T, 1] float mask: 1 for frames before each length.</summary>
    private static Tensor Mask(Tensor lengths, long frames)
    {
        using var positions = Arange(frames, ScalarType.Int64, lengths.device);
        return positions.view(1, frames).lt(lengths.view(-1, 1)).to_type(ScalarType.Float32).view(-1, 1, frames, 1);
    }

    /// <summary>Inverted dropout with masks from the module's own generator (training mode only).</summary>
    private Tensor Dropout(Tensor x) => Sure.Tensors.SeededDropout.Apply(x, Options.Dropout, training, _gen);

    /// <summary>Conv and Linear weights and biases from U(−1/√fan_in, 1/√fan_in) (PyTorch's default bounds) drawn from the
    /// seeded generator; batch-norm scales 1 and shifts 0.</summary>
    private void InitParameters()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var weights = named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in weights)
        {
            if (name.Contains(".norm.", StringComparison.Ordinal)) continue;
            var w = name.EndsWith(".bias", StringComparison.Ordinal) ? weights[name[..^5] + ".weight"] : p;
            long fanIn = 1;
            for (int d = 1; d < w.shape.Length; d++) fanIn *= w.shape[d];
            double bound = 1.0 / Math.Sqrt(fanIn);
            using var width = (2 * bound).ToScalar();
            using var low = bound.ToScalar();
            p.copy_(rand(p.shape, generator: _gen, dtype: p.dtype).mul(width).sub(low));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gen.Dispose();
        base.Dispose(disposing);
    }
}
