using Xunit.Abstractions;

namespace Sure.Audio.Tests.Decoding;

/// <summary><see cref="Resampler"/> against analytic signals: passband accuracy, stopband attenuation, DC, length.</summary>
public sealed class ResamplerTests(ITestOutputHelper output)
{
    private const int To = 16000;

    [Theory]
    [InlineData(22050)]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(32000)]
    public void SumOfSinesBelow7kHzMatchesTheAnalyticSignalAt16kHz(int from)
    {
        var signal = Signals.Sines((220, 0.3, 0.1), (1234.5, 0.25, 1.0), (3100, 0.2, 2.0), (5200, 0.1, 0.3), (6900, 0.1, 0.7));
        AssertMatches(signal, from);
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(11025)]
    public void UpsamplingMatchesTheAnalyticSignal(int from)
    {
        // tones below 7/16 of the input rate (the passband edge: 3500 Hz at 8 kHz, 4823 Hz at 11.025 kHz)
        var signal = Signals.Sines((300, 0.4, 0.2), (1700, 0.3, 1.1), (3400, 0.2, 0.5), (0.43 * from, 0.05, 0.9));
        AssertMatches(signal, from);
    }

    private void AssertMatches(Func<double, double> signal, int from)
    {
        var x = Signals.Sample(signal, from, from).Select(v => (float)v).ToArray();         // 1 s
        var y = Resampler.Resample(x, from, To);
        var expected = Signals.Sample(signal, To, y.Length);
        var edge = To / 50;                                                                  // 20 ms from each end
        var err = Signals.RmsError(y, expected, edge, y.Length - edge);
        output.WriteLine($"{from} -> {To}: RMS error {err:E2}");
        Assert.True(err < 1e-3, $"RMS error {err:E2} from {from} Hz");
    }

    [Theory]
    [InlineData(44100, 10000)]
    [InlineData(44100, 9000)]
    [InlineData(48000, 12000)]
    [InlineData(22050, 9500)]
    [InlineData(44100, 20000)]
    public void ToneAbove8kHzIsAttenuatedBy60dB(int from, double hz)
    {
        var x = Signals.Sample(Signals.Sines((hz, 0.9, 0)), from, from).Select(v => (float)v).ToArray();
        var y = Resampler.Resample(x, from, To);
        var edge = To / 50;
        var ratio = Signals.Rms(y, edge, y.Length - edge) / Signals.Rms(x, 0, x.Length);
        var db = 20 * Math.Log10(ratio + 1e-300);
        output.WriteLine($"{hz} Hz at {from} Hz: {db:F1} dB");
        Assert.True(db <= -60, $"{hz} Hz at {from} Hz is attenuated by only {-db:F1} dB");
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(11025)]
    [InlineData(22050)]
    [InlineData(44100)]
    [InlineData(48000)]
    public void DcIsKept(int from)
    {
        var x = Enumerable.Repeat(0.5f, from / 2).ToArray();
        var y = Resampler.Resample(x, from, To);
        for (var i = 200; i < y.Length - 200; i++) Assert.True(Math.Abs(y[i] - 0.5f) < 1e-4, $"sample {i}: {y[i]}");
    }

    [Theory]
    [InlineData(8000, 1)]
    [InlineData(8000, 12345)]
    [InlineData(11025, 11025)]
    [InlineData(22050, 44101)]
    [InlineData(44100, 7)]
    [InlineData(44100, 88200)]
    [InlineData(48000, 48001)]
    [InlineData(44056, 30000)]
    public void LengthIsTheRoundedRatio(int from, int n)
    {
        var y = Resampler.Resample(new float[n], from, To);
        var expected = Math.Round((double)n * To / from);
        Assert.InRange(y.Length, expected - 1, expected + 1);
    }

    [Fact]
    public void RatePairTooFineForATableIsComputedOnTheFly()
    {
        // 44099 -> 16000 reduces to 16000/44099: 16000 phases of 126 taps, more than the table holds.
        var signal = Signals.Sines((440, 0.5, 0), (6000, 0.3, 1));
        var x = Signals.Sample(signal, 44099, 8820).Select(v => (float)v).ToArray();
        var y = Resampler.Resample(x, 44099, To);
        var err = Signals.RmsError(y, Signals.Sample(signal, To, y.Length), 320, y.Length - 320);
        Assert.True(err < 1e-3, $"{err:E2}");
    }

    [Fact]
    public void SameRateIsACopy()
    {
        var x = new[] { 0.1f, -0.2f, 0.3f };
        var y = Resampler.Resample(x, 16000, 16000);
        Assert.Equal(x, y);
        Assert.NotSame(x, y);
    }

    [Fact]
    public void OtherTargetRatesWork()
    {
        // 16 kHz -> 44.1 kHz and 48 kHz -> 22.05 kHz: the same design for any pair of rates.
        var signal = Signals.Sines((440, 0.5, 0), (2500, 0.3, 1));
        foreach (var (from, to) in new[] { (16000, 44100), (48000, 22050) })
        {
            var x = Signals.Sample(signal, from, from / 2).Select(v => (float)v).ToArray();
            var y = Resampler.Resample(x, from, to);
            var err = Signals.RmsError(y, Signals.Sample(signal, to, y.Length), to / 50, y.Length - to / 50);
            Assert.True(err < 1e-3, $"{from} -> {to}: {err:E2}");
        }
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        Assert.Throws<ArgumentNullException>(() => Resampler.Resample(null!, 8000, 16000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample([], 0, 16000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample([], 8000, -1));
        Assert.Empty(Resampler.Resample([], 44100, 16000));
    }

    /// <summary>The figures docs/audio-decoding.md quotes: worst passband error and least stopband attenuation.</summary>
    [Fact]
    public void MeasuredResponse()
    {
        foreach (var from in new[] { 8000, 11025, 22050, 44100, 48000 })
        {
            var passEdge = 0.4375 * Math.Min(from, To);
            var stopEdge = 0.5625 * Math.Min(from, To);
            double worstPass = 0, worstStop = double.NegativeInfinity;
            for (var hz = 50.0; hz < from / 2.0; hz += from / 2.0 / 53)
            {
                var x = Signals.Sample(Signals.Sines((hz, 1, 0.3)), from, from / 8).Select(v => (float)v).ToArray();
                var y = Resampler.Resample(x, from, To);
                var edge = To / 50;
                if (hz <= passEdge)
                {
                    var err = Signals.RmsError(y, Signals.Sample(Signals.Sines((hz, 1, 0.3)), To, y.Length), edge, y.Length - edge);
                    worstPass = Math.Max(worstPass, err);
                    if (from < To && from - hz >= stopEdge)
                    {
                        // up-sampling: the image at from − hz, relative to the unit tone
                        var inner = y.AsSpan(edge, y.Length - 2 * edge).ToArray();
                        var db = 20 * Math.Log10(Signals.ToneAmplitude(inner, To, from - hz) + 1e-300);
                        worstStop = Math.Max(worstStop, db);
                    }
                }
                else if (hz >= stopEdge)
                {
                    // what comes out (an alias or an image) relative to the input tone's RMS
                    var db = 20 * Math.Log10(Signals.Rms(y, edge, y.Length - edge) / Math.Sqrt(0.5) + 1e-300);
                    worstStop = Math.Max(worstStop, db);
                }
            }
            output.WriteLine($"{from} -> {To}: passband (to {passEdge:0} Hz) worst RMS error {worstPass:E1} of a unit sine; " +
                             $"stopband (from {stopEdge:0} Hz) worst leak {worstStop:F1} dB");
            Assert.True(worstPass < 1e-3);
            Assert.True(worstStop < -60);
        }
    }
}
