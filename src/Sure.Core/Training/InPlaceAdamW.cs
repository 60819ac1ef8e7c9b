using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

namespace Sure.Training;

/// <summary>
/// AdamW (decoupled weight decay) that updates one parameter at a time, in place, each in its own dispose scope, so
/// no temporary outlives its parameter's update. TorchSharp's <c>optim.AdamW.step</c> runs the whole update in one
/// scope: every parameter's temporaries (two parameter-sized tensors each) live until the step ends, ≈ 1.3 GB at
/// hidden 1024. The arithmetic is TorchSharp's, operation for operation (same betas, bias corrections, eps; a
/// parameter without a gradient is skipped and its step count not advanced), so the results are bit for bit those of
/// <c>torch.optim.AdamW</c>. Moment buffers are allocated at a parameter's first update (none for parameters that
/// never get a gradient). A contiguous float32 CPU parameter (all of them, in training on the CPU) is updated by
/// <see cref="FusedAdamW"/> in two passes over its memory per chunk instead of nine libtorch operations, with the same
/// arithmetic bit for bit; elsewhere (another device or type) the operations run one after the other, the denominator
/// √v̂ + ε in one scratch buffer the size of the largest parameter, reused from parameter to parameter, so a step
/// allocates nothing. <see cref="Save"/> / <see cref="Load"/> keep the moments and step counts for exact resume.
/// </summary>
public sealed class InPlaceAdamW : IDisposable
{
    private const string Magic = "Sure.InPlaceAdamW";
    private const int FormatVersion = 1;

    private readonly Parameter[] _params;
    private readonly Tensor?[] _expAvg;
    private readonly Tensor?[] _expAvgSq;
    private readonly long[] _steps;
    private readonly FusedAdamW _fused = new(); // the two-pass CPU update (bit for bit the operations below)
    private Tensor? _scratch; // holds one parameter's denominator at a time: no allocation per parameter and step
    private readonly double _beta1, _beta2, _eps, _weightDecay;

    /// <summary>Defaults as <c>torch.optim.AdamW</c>'s (β = 0.9, 0.999; eps 1e-8).</summary>
    public InPlaceAdamW(IEnumerable<Parameter> parameters, double lr, double weightDecay = 0, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(lr >= 0)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "learning rate must be ≥ 0");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must be ≥ 0");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β₁ must be in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β₂ must be in [0, 1)");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be ≥ 0");
        _params = parameters.ToArray();
        _expAvg = new Tensor?[_params.Length];
        _expAvgSq = new Tensor?[_params.Length];
        _steps = new long[_params.Length];
        Lr = lr;
        _weightDecay = weightDecay;
        _beta1 = beta1;
        _beta2 = beta2;
        _eps = eps;
    }

    /// <summary>The learning rate of the next <see cref="Step"/> (a schedule may change it between steps).</summary>
    public double Lr { get; set; }

    /// <summary>Number of updates applied to parameter <paramref name="index"/> (in the order the parameters were given).</summary>
    public long StepsOf(int index) => _steps[index];

    /// <summary>Applies one AdamW update to every parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = torch.no_grad();
        for (int i = 0; i < _params.Length; i++)
        {
            using var scope = torch.NewDisposeScope();
            var p = _params[i];
            var grad = p.grad;
            if (grad is null) continue;
            long step = ++_steps[i];
            var m = _expAvg[i] ??= torch.zeros_like(p).DetachFromDisposeScope();
            var v = _expAvgSq[i] ??= torch.zeros_like(p).DetachFromDisposeScope();
            double c1 = 1 - Math.Pow(_beta1, step);
            double sqrtC2 = Math.Sqrt(1 - Math.Pow(_beta2, step));
            if (FusedAdamW.Applies(p, grad, m, v))
            {
                _fused.Update(p, grad, m, v, new FusedAdamW.Coefficients(
                    Lr * _weightDecay != 0, (float)(1 - Lr * _weightDecay), (float)_beta1, (float)(1 - _beta1), (float)_beta2, (float)(1 - _beta2),
                    (float)sqrtC2, (float)_eps, (float)(-Lr / c1)), torch.get_num_threads());
                continue;
            }
            // Explicit Scalars, disposed here: see the GC note in Directory.Build.props.
            using var decay = (1 - Lr * _weightDecay).ToScalar();
            using var beta1 = _beta1.ToScalar();
            using var oneMinusBeta1 = (1 - _beta1).ToScalar();
            using var beta2 = _beta2.ToScalar();
            using var oneMinusBeta2 = (1 - _beta2).ToScalar();
            using var eps = _eps.ToScalar();
            using var sqrtC2s = sqrtC2.ToScalar();
            using var stepSize = (-Lr / c1).ToScalar();
            if (Lr * _weightDecay != 0) p.mul_(decay);
            m.mul_(beta1).add_(grad, oneMinusBeta1);
            v.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
            var denom = Scratch(p).copy_(v).sqrt_().div_(sqrtC2s).add_(eps, One);
            p.addcdiv_(m, denom, stepSize);
        }
    }

    /// <summary>A view of the scratch buffer shaped as <paramref name="p"/> (the buffer grows to the largest parameter).</summary>
    private Tensor Scratch(Parameter p)
    {
        long n = p.numel();
        if (_scratch is null || _scratch.numel() < n || _scratch.dtype != p.dtype || _scratch.device_type != p.device_type || _scratch.device_index != p.device_index)
        {
            long size = Math.Max(n, _params.Where(q => q.dtype == p.dtype).Max(q => q.numel()));
            _scratch?.Dispose();
            _scratch = torch.empty(size, dtype: p.dtype, device: p.device).DetachFromDisposeScope();
        }
        return _scratch.narrow(0, 0, n).view(p.shape);
    }

    /// <summary>Zeroes the gradients in place (as <c>optimizer.zero_grad()</c> did).</summary>
    public void ZeroGrad()
    {
        using var noGrad = torch.no_grad();
        foreach (var p in _params)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>Writes the step counts and moments to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => IO.AtomicFile.Write(path, tmp =>
    {
        using var stream = File.Create(tmp);
        using var writer = new BinaryWriter(stream);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(_params.Length);
        for (int i = 0; i < _params.Length; i++)
        {
            writer.Write(_steps[i]);
            writer.Write(_params[i].numel());
            writer.Write(_expAvg[i] is not null);
            if (_expAvg[i] is null) continue;
            _expAvg[i]!.Save(writer);
            _expAvgSq[i]!.Save(writer);
        }
    });

    /// <summary>
    /// Restores what <see cref="Save"/> wrote, for the same parameters in the same order. Also reads the state file of
    /// TorchSharp's AdamW (what the trainer wrote before this class), so runs interrupted before the change resume.
    /// </summary>
    public void Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var magic = reader.ReadString();
        if (magic == nameof(AdamW))
        {
            LoadTorchSharpAdamW(path);
            return;
        }
        if (magic != Magic) throw new InvalidDataException($"{path}: not an optimiser state file.");
        int version = reader.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"{path}: optimiser state format {version}, expected {FormatVersion}.");
        int count = reader.ReadInt32();
        if (count != _params.Length) throw new InvalidDataException($"{path}: state for {count} parameters, the model has {_params.Length}.");
        var steps = new long[count];
        var m = new Tensor?[count];
        var v = new Tensor?[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                steps[i] = reader.ReadInt64();
                long numel = reader.ReadInt64();
                if (numel != _params[i].numel()) throw new InvalidDataException($"{path}: parameter {i} has {numel} values in the state, {_params[i].numel()} in the model.");
                if (!reader.ReadBoolean()) continue;
                m[i] = torch.zeros_like(_params[i]).DetachFromDisposeScope();
                v[i] = torch.zeros_like(_params[i]).DetachFromDisposeScope();
                m[i]!.Load(reader);
                v[i]!.Load(reader);
            }
        }
        catch
        {
            DisposeAll(m);
            DisposeAll(v);
            throw;
        }
        Replace(steps, m, v);
    }

    private void LoadTorchSharpAdamW(string path)
    {
        using var legacy = torch.optim.AdamW(_params, lr: Lr, beta1: _beta1, beta2: _beta2, eps: _eps, weight_decay: _weightDecay);
        legacy.load_state_dict(path);
        var states = legacy.state_dict().State.Cast<AdamW.State>().ToArray();
        var steps = states.Select(s => s.step).ToArray();
        // TorchSharp's state holds moments for every parameter; a parameter it never updated keeps zeros and step 0.
        var m = states.Select(s => (Tensor?)s.exp_avg.clone().DetachFromDisposeScope()).ToArray();
        var v = states.Select(s => (Tensor?)s.exp_avg_sq.clone().DetachFromDisposeScope()).ToArray();
        Replace(steps, m, v);
    }

    private void Replace(long[] steps, Tensor?[] m, Tensor?[] v)
    {
        DisposeAll(_expAvg);
        DisposeAll(_expAvgSq);
        Array.Copy(steps, _steps, steps.Length);
        Array.Copy(m, _expAvg, m.Length);
        Array.Copy(v, _expAvgSq, v.Length);
    }

    private static void DisposeAll(Tensor?[] tensors)
    {
        for (int i = 0; i < tensors.Length; i++)
        {
            tensors[i]?.Dispose();
            tensors[i] = null;
        }
    }

    public void Dispose()
    {
        _fused.Dispose();
        _scratch?.Dispose();
        DisposeAll(_expAvg);
        DisposeAll(_expAvgSq);
    }
}
