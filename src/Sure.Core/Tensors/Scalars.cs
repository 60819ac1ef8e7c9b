using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Tensors;

/// <summary>
/// TorchSharp Scalars that live as long as the process, for the constants the forward passes hand to libtorch
/// (docs/native-compat.md, "TorchSharp Scalars and the background GC"). TorchSharp 0.107 passes a Scalar to libtorch by
/// raw handle; one made implicitly from a number (the 0 in <c>x.masked_fill(mask, 0)</c>) or inside TorchSharp (the
/// alpha 1 of <c>a + b</c>, which is <c>a.add(b)</c>; the 2 of <c>square()</c>; the 0 and 1 of <c>arange(n)</c>) is
/// unreachable once its handle is read, so a garbage collection that another thread triggers during the native call
/// can finalize it while libtorch reads it ("Unknown scalar type"). A static readonly field is always reachable, and
/// libtorch only reads a Scalar, so every thread can share these.
/// <para>On every path that runs tensors (tests/Sure.Tests/Architecture/ScalarLifetimeTests.cs checks the compiled
/// code): give each TorchSharp method that takes a Scalar one of these, a Scalar field of the module made from its
/// options, or <c>using var s = x.ToScalar()</c> around the call; write a + b as <c>a.add(b, One)</c>; no number − tensor,
/// number / tensor or tensor +/−/·/÷ number; tensor ·/÷/− Scalar field and tensor ±·÷ tensor (but +) are safe. Each
/// field has the .NET type of the number it replaces (int 0, not 0.0), so the arithmetic is unchanged bit for bit.</para>
/// </summary>
internal static class Scalars
{
    /// <summary>int 0: masked_fill(pad, Zero), ne(Zero), ge(Zero).</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary>int 1: the alpha of a + b (<c>a.add(b, One)</c>), clamp_min(One).</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>double 1.0.</summary>
    public static readonly Scalar OneDouble = 1.0.ToScalar();

    /// <summary>int 2: <c>x.pow(Two)</c> is TorchSharp's <c>x.square()</c> without its temporary.</summary>
    public static readonly Scalar Two = 2.ToScalar();

    /// <summary>double 0.5.</summary>
    public static readonly Scalar OneHalf = 0.5.ToScalar();

    /// <summary>double −0.5.</summary>
    public static readonly Scalar MinusHalf = (-0.5).ToScalar();

    /// <summary>float −∞.</summary>
    public static readonly Scalar NegativeInfinity = float.NegativeInfinity.ToScalar();

    /// <summary>float −1e30, the score of an attention slot a query may not read (not −∞: a row with nothing allowed
    /// becomes uniform, never NaN).</summary>
    public static readonly Scalar Blocked = (-1e30f).ToScalar();

    /// <summary>x², TorchSharp's <c>x.square()</c> (which is <c>pow(2)</c> with a temporary 2).</summary>
    public static Tensor Squared(this Tensor x) => x.pow(Two);

    /// <summary><c>torch.arange(start, stop, step)</c> with its three Scalars alive across the call.</summary>
    public static Tensor Arange(long start, long stop, long step, ScalarType dtype, Device device)
    {
        using var first = start.ToScalar();
        using var end = stop.ToScalar();
        using var by = step.ToScalar();
        return arange(first, end, by, dtype, device);
    }

    /// <summary><c>torch.arange(stop)</c>: 0, 1, …, stop − 1.</summary>
    public static Tensor Arange(long stop, ScalarType dtype, Device device) => Arange(0, stop, 1, dtype, device);
}
