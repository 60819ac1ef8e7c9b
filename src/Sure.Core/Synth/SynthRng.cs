namespace Sure.Synth;

/// <summary>
/// The random number generator of SynthERC, written out so that generated data never depends on .NET's
/// <see cref="Random"/> implementation: xoshiro256** (Blackman &amp; Vigna) for the bits, its four state words
/// filled by SplitMix64, uniforms from the top 53 bits, normals by the Box–Muller transform (the second value of
/// each pair is kept for the next call). Independent streams are derived from (seed, stream id), so e.g. the test
/// dialogues do not change when the number of training dialogues changes.
/// </summary>
public sealed class SynthRng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>A generator for stream <paramref name="stream"/> of seed <paramref name="seed"/>.</summary>
    public SynthRng(long seed, ulong stream = 0)
    {
        // SplitMix64 seeded by a mix of both inputs; its outputs are the xoshiro state (never all zero in practice).
        ulong x = SplitMix64Mix((ulong)seed) ^ SplitMix64Mix(stream ^ 0xD1B54A32D192ED03UL);
        _s0 = SplitMix64Next(ref x);
        _s1 = SplitMix64Next(ref x);
        _s2 = SplitMix64Next(ref x);
        _s3 = SplitMix64Next(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1;
    }

    /// <summary>SplitMix64 step: advances <paramref name="state"/> by the golden-ratio increment and returns its mix.</summary>
    public static ulong SplitMix64Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return SplitMix64Mix(state);
    }

    /// <summary>The SplitMix64 finaliser (a bijective 64-bit mix).</summary>
    public static ulong SplitMix64Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 random bits (xoshiro256**).</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) (n ≥ 1), by rejection so it is exactly uniform.</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "n must be ≥ 1.");
        ulong un = (ulong)n;
        ulong limit = ulong.MaxValue - ulong.MaxValue % un; // accept r < limit: a whole number of copies of [0, n)
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return (int)(r % un);
    }

    /// <summary>Uniform integer in [min, max] inclusive.</summary>
    public int NextInt(int min, int max) => min + NextInt(max - min + 1);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>Standard normal by Box–Muller: r = sqrt(−2 ln u1), θ = 2π u2, returns r cos θ then r sin θ.</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double theta = 2.0 * Math.PI * u2;
        _spareNormal = r * Math.Sin(theta);
        _hasSpare = true;
        return r * Math.Cos(theta);
    }

    /// <summary>Index drawn from the (not necessarily normalised) non-negative weights.</summary>
    public int Categorical(ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (var w in weights) total += w;
        double u = NextDouble() * total;
        for (int k = 0; k < weights.Length; k++)
        {
            u -= weights[k];
            if (u < 0) return k;
        }
        for (int k = weights.Length - 1; k >= 0; k--) if (weights[k] > 0) return k; // rounding at the top end
        throw new ArgumentException("All weights are zero.", nameof(weights));
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
