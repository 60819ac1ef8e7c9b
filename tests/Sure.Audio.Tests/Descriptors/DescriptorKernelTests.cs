using System.Numerics;
using Sure.Audio.Descriptors;

namespace Sure.Audio.Tests.Descriptors;

/// <summary>The numerical kernels under the descriptors, against direct definitions.</summary>
public sealed class DescriptorKernelTests
{
    [Fact]
    public void FftMatchesDirectDft()
    {
        const int n = 64;
        var rng = new Random(3);
        var re = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var im = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var (r0, i0) = ((double[])re.Clone(), (double[])im.Clone());
        new Fft(n).Forward(re, im);
        for (int k = 0; k < n; k++)
        {
            double sr = 0, si = 0;
            for (int t = 0; t < n; t++)
            {
                double a = -2 * Math.PI * k * t / n;
                sr += r0[t] * Math.Cos(a) - i0[t] * Math.Sin(a);
                si += r0[t] * Math.Sin(a) + i0[t] * Math.Cos(a);
            }
            Assert.Equal(sr, re[k], 9);
            Assert.Equal(si, im[k], 9);
        }
    }

    [Fact]
    public void PairedPowerSpectraMatchSeparateOnes()
    {
        const int n = 32;
        var rng = new Random(4);
        var a = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var fft = new Fft(n);
        var pa = new double[n / 2 + 1];
        var pb = new double[n / 2 + 1];
        fft.PowerSpectraOfPair((double[])a.Clone(), (double[])b.Clone(), pa, pb);
        foreach (var (x, p) in new[] { (a, pa), (b, pb) })
        {
            var re = (double[])x.Clone();
            var im = new double[n];
            fft.Forward(re, im);
            for (int k = 0; k <= n / 2; k++) Assert.Equal(re[k] * re[k] + im[k] * im[k], p[k], 9);
        }
    }

    [Fact]
    public void RootsOfAKnownPolynomial()
    {
        // (z - 0.9 e^{±i 0.3})(z - 0.5)(z + 0.7)
        Complex[] roots = [Complex.FromPolarCoordinates(0.9, 0.3), Complex.FromPolarCoordinates(0.9, -0.3), 0.5, -0.7];
        Complex[] poly = [1.0];
        foreach (var r in roots)
        {
            var next = new Complex[poly.Length + 1];
            for (int i = 0; i < poly.Length; i++) { next[i + 1] += poly[i]; next[i] -= r * poly[i]; }
            poly = next;
        }
        var found = FormantAnalyzer.Roots(poly);
        foreach (var r in roots) Assert.Contains(found, f => (f - r).Magnitude < 1e-9);
    }

    [Fact]
    public void ResamplerKeepsATone()
    {
        var x = Enumerable.Range(0, 22050).Select(i => Math.Sin(2 * Math.PI * 440 * (i + 0.5) / 22050)).ToArray();
        var y = new LpcResampler(22050, 16000).Process(x);
        Assert.Equal(16000, y.Length);
        for (int i = 200; i < y.Length - 200; i++)
            Assert.True(Math.Abs(y[i] - Math.Sin(2 * Math.PI * 440 * (i + 0.5) / 16000)) < 1e-3, $"sample {i}");
    }

    [Fact]
    public void ResamplerRemovesWhatTheNewRateCannotHold()
    {
        // 7 kHz at 16 kHz is above the 5.5 kHz Nyquist of 11 kHz: it must not alias into the output.
        var x = Enumerable.Range(0, 16000).Select(i => Math.Sin(2 * Math.PI * 7000 * i / 16000.0)).ToArray();
        var y = new LpcResampler(16000, 11000).Process(x);
        double rms = Math.Sqrt(y.Skip(500).Take(y.Length - 1000).Average(v => v * v));
        Assert.True(rms < 0.01, $"alias rms {rms}");
    }
}
