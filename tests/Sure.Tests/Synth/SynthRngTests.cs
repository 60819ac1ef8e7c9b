using Sure.Synth;

namespace Sure.Tests.Synth;

public class SynthRngTests
{
    [Fact]
    public void SplitMix64_MatchesTheReferenceSequence()
    {
        // Reference outputs of SplitMix64 started from state 0 (Vigna's splitmix64.c).
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, SynthRng.SplitMix64Next(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, SynthRng.SplitMix64Next(ref state));
        Assert.Equal(0x06C45D188009454FUL, SynthRng.SplitMix64Next(ref state));
    }

    [Fact]
    public void SameSeedAndStream_SameSequence_OtherwiseDifferent()
    {
        var a = new SynthRng(42, 7);
        var b = new SynthRng(42, 7);
        var c = new SynthRng(42, 8);
        var d = new SynthRng(43, 7);
        var sa = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(sa, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()).ToArray());
        Assert.NotEqual(sa, Enumerable.Range(0, 100).Select(_ => c.NextUInt64()).ToArray());
        Assert.NotEqual(sa, Enumerable.Range(0, 100).Select(_ => d.NextUInt64()).ToArray());
    }

    [Fact]
    public void Distributions_HaveTheRightMoments()
    {
        var rng = new SynthRng(1);
        const int n = 200_000;
        double sum = 0, sum2 = 0, usum = 0;
        var counts = new int[5];
        for (int i = 0; i < n; i++)
        {
            double z = rng.NextNormal();
            sum += z;
            sum2 += z * z;
            double u = rng.NextDouble();
            Assert.InRange(u, 0.0, 0.9999999999999999);
            usum += u;
            counts[rng.NextInt(5)]++;
        }
        Assert.InRange(sum / n, -0.01, 0.01);
        Assert.InRange(sum2 / n, 0.98, 1.02);
        Assert.InRange(usum / n, 0.495, 0.505);
        foreach (var k in counts) Assert.InRange(k, n / 5 * 0.97, n / 5 * 1.03);

        var cat = new int[3];
        for (int i = 0; i < n; i++) cat[rng.Categorical([0.5, 0.0, 1.5])]++;
        Assert.Equal(0, cat[1]);
        Assert.InRange(cat[0] / (double)n, 0.24, 0.26);
    }

    [Fact]
    public void NextIntRange_IsInclusive()
    {
        var rng = new SynthRng(3);
        var seen = new HashSet<int>();
        for (int i = 0; i < 1000; i++) seen.Add(rng.NextInt(8, 10));
        Assert.Equal(new[] { 8, 9, 10 }, seen.Order().ToArray());
    }
}
