using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Training;

/// <summary>
/// The AdamW update of CPU float32 parameters in two passes over each parameter's memory (issue 26 item 4), where
/// <see cref="InPlaceAdamW"/>'s libtorch operations (mul_, add_, mul_, addcmul_, copy_, sqrt_, div_, add_, addcdiv_)
/// make nine. A parameter is taken in chunks of <see cref="Chunk"/> elements (a few hundred KiB, so the second pass
/// finds the chunk in cache): the first pass updates both moments and copies v into a scratch chunk, libtorch takes
/// the square root of the scratch chunk in place, the second pass updates the parameter.
/// <para>
/// The arithmetic is libtorch's, element for element and rounding for rounding, so the result is bit for bit that of
/// the operation-by-operation update (tested against <c>torch.optim.AdamW</c> at sizes around libtorch's vector blocks
/// and thread split): scalars are cast to float32 as libtorch casts them; <c>add_(g, 1 − β₁)</c> and
/// <c>addcmul_(g, g, 1 − β₂)</c> are fused multiply-adds in libtorch's x86 kernels (measured: every element, also in
/// the loops' remainders), plain multiply and add with <c>ATEN_CPU_CAPABILITY=default</c>; the square root is
/// libtorch's own (it calls MKL's vector math, which is not correctly rounded, so it cannot be written here).
/// </para>
/// </summary>
internal sealed class FusedAdamW : IDisposable
{
    /// <summary>The scalars of one parameter's update, as float32 (what libtorch casts its Scalars to).</summary>
    internal readonly record struct Coefficients(bool Decay, float DecayFactor, float Beta1, float OneMinusBeta1, float Beta2,
        float OneMinusBeta2, float SqrtC2, float Eps, float StepSize);

    /// <summary>Elements per chunk: libtorch's grain size, so its square root of a chunk runs on the calling thread.</summary>
    internal const int Chunk = 32768;

    /// <summary>Whether libtorch's kernels compute add-with-alpha and addcmul with a fused multiply-add: on x86-64 with
    /// FMA unless <c>ATEN_CPU_CAPABILITY=default</c> (the generic kernels).</summary>
    internal static readonly bool LibTorchFma = Fma.IsSupported
        && !string.Equals(Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY")?.Trim(), "default", StringComparison.OrdinalIgnoreCase);

    private Tensor?[] _scratch = [];

    /// <summary>Whether the two-pass update applies: contiguous float32 CPU tensors of one size (at most 2 GiB), on
    /// x86-64 (where libtorch's kernel arithmetic above was established).</summary>
    public static bool Applies(Tensor p, Tensor grad, Tensor m, Tensor v)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) return false;
        long n = p.numel();
        if (n * sizeof(float) > int.MaxValue) return false;
        foreach (var t in new[] { p, grad, m, v })
            if (t.device_type != DeviceType.CPU || t.dtype != ScalarType.Float32 || !t.is_contiguous() || t.numel() != n) return false;
        return true;
    }

    /// <summary>One AdamW update of <paramref name="p"/> in place (moments <paramref name="m"/>, <paramref name="v"/>
    /// updated too), its chunks shared among up to <paramref name="threads"/> workers.</summary>
    public void Update(Tensor p, Tensor grad, Tensor m, Tensor v, Coefficients c, int threads)
    {
        long n = p.numel();
        int chunks = (int)((n + Chunk - 1) / Chunk);
        int workers = Math.Max(1, Math.Min(threads, chunks));
        if (_scratch.Length < workers) Array.Resize(ref _scratch, workers);
        for (int w = 0; w < workers; w++) _scratch[w] ??= torch.empty(Chunk, dtype: ScalarType.Float32).DetachFromDisposeScope();
        if (workers == 1)
        {
            for (int k = 0; k < chunks; k++) Chunked(p, grad, m, v, c, _scratch[0]!, k, n);
            return;
        }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            for (int k = w; k < chunks; k += workers) Chunked(p, grad, m, v, c, _scratch[w]!, k, n);
        });
    }

    private static unsafe float* Floats(Tensor t) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    private static unsafe void Chunked(Tensor pt, Tensor gt, Tensor mt, Tensor vt, Coefficients c, Tensor scratch, int k, long n)
    {
        int begin = k * Chunk, end = (int)Math.Min(n, (long)begin + Chunk);
        // The tensors' memory is libtorch's (native, never moved); the pointers are valid while the tensors live.
        Moments(Floats(gt), Floats(mt), Floats(vt), Floats(scratch), c, begin, end);
        if (end - begin == Chunk) scratch.sqrt_();
        else using (var part = scratch.narrow(0, 0, end - begin)) part.sqrt_();
        Parameters(Floats(pt), Floats(mt), Floats(scratch), c, begin, end);
    }

    /// <summary>m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², and v into the scratch chunk.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Moments(float* g, float* m, float* v, float* scratch, Coefficients c, int begin, int end)
    {
        bool fma = LibTorchFma;
        int i = begin, width = Vector<float>.Count;
        scratch -= begin;
        if (Vector.IsHardwareAccelerated)
        {
            var b1 = new Vector<float>(c.Beta1);
            var a1 = new Vector<float>(c.OneMinusBeta1);
            var b2 = new Vector<float>(c.Beta2);
            var a2 = new Vector<float>(c.OneMinusBeta2);
            for (; i <= end - width; i += width)
            {
                var gi = Vector.Load(g + i);
                var mi = Vector.Load(m + i) * b1;                                            // m.mul_(β₁)
                var vi = Vector.Load(v + i) * b2;                                            // v.mul_(β₂)
                mi = fma ? Vector.FusedMultiplyAdd(gi, a1, mi) : mi + gi * a1;              // .add_(g, 1 − β₁)
                vi = fma ? Vector.FusedMultiplyAdd(a2 * gi, gi, vi) : vi + a2 * gi * gi;    // .addcmul_(g, g, 1 − β₂)
                mi.Store(m + i);
                vi.Store(v + i);
                vi.Store(scratch + i);
            }
        }
        for (; i < end; i++)
        {
            float gi = g[i], mi = m[i] * c.Beta1, vi = v[i] * c.Beta2;
            mi = fma ? MathF.FusedMultiplyAdd(gi, c.OneMinusBeta1, mi) : mi + gi * c.OneMinusBeta1;
            vi = fma ? MathF.FusedMultiplyAdd(c.OneMinusBeta2 * gi, gi, vi) : vi + c.OneMinusBeta2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            scratch[i] = vi;
        }
    }

    /// <summary>p ← p·(1 − lr·λ) − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε), with √v in the scratch chunk.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Parameters(float* p, float* m, float* sqrtV, Coefficients c, int begin, int end)
    {
        int i = begin, width = Vector<float>.Count;
        sqrtV -= begin;
        if (Vector.IsHardwareAccelerated)
        {
            var decay = new Vector<float>(c.DecayFactor);
            var c2 = new Vector<float>(c.SqrtC2);
            var eps = new Vector<float>(c.Eps);
            var step = new Vector<float>(c.StepSize);
            for (; i <= end - width; i += width)
            {
                var pi = Vector.Load(p + i);
                if (c.Decay) pi *= decay;                                                    // p.mul_(1 − lr·λ)
                var denom = Vector.Load(sqrtV + i) / c2 + eps;                               // .div_(√(1 − β₂ᵗ)).add_(ε)
                (pi + step * Vector.Load(m + i) / denom).Store(p + i);                       // p.addcdiv_(m, denom, −lr/(1 − β₁ᵗ))
            }
        }
        for (; i < end; i++)
        {
            float pi = c.Decay ? p[i] * c.DecayFactor : p[i];
            float denom = sqrtV[i] / c.SqrtC2 + c.Eps;
            p[i] = pi + c.StepSize * m[i] / denom;
        }
    }

    public void Dispose()
    {
        foreach (var s in _scratch) s?.Dispose();
        _scratch = [];
    }
}
