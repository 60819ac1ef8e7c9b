using Sure.Audio.Descriptors;
using Xunit.Abstractions;
using static Sure.Audio.Tests.Descriptors.DescriptorTestUtil;

namespace Sure.Audio.Tests.Descriptors;

/// <summary>Synthetic signals with known answers; expected values are synthesis parameters, not our own output.</summary>
public sealed class AcousticDescriptorsTests(ITestOutputHelper output)
{
    private static readonly AcousticDescriptors Descriptors = new();

    [Fact]
    public void NamesMatchDimAndAreUniqueAndVersioned()
    {
        Assert.Equal(Descriptors.Dim, Descriptors.Names.Count);
        Assert.Equal(Descriptors.Names.Count, Descriptors.Names.Distinct().Count());
        Assert.InRange(Descriptors.Dim, 100, 150);
        Assert.Equal("sure-acoustic-1", AcousticDescriptors.Version);
        Assert.Equal(Descriptors.Names, new AcousticDescriptors().Names);
    }

    [Fact]
    public void PureToneHasItsF0()
    {
        foreach (double hz in new[] { 100.0, 200.0, 440.0 })
        {
            var fd = Descriptors.Frames(Clip(SyntheticVoice.Tone(hz, 1.0, Rate)));
            Assert.True(fd.Voiced.Count(v => v) > 0.9 * fd.Times.Length, $"{hz} Hz tone mostly voiced");
            double f0 = VoicedMean(fd.F0Hz, fd.Voiced);
            Assert.InRange(f0, hz * 0.99, hz * 1.01);
        }
    }

    [Fact]
    public void SilenceGivesZerosAndNoNaN()
    {
        var values = Descriptors.Extract(Clip(new float[2 * Rate]));
        Assert.Equal(Descriptors.Dim, values.Length);
        // Everything is 0 except the one true statement about silence: it is one unvoiced stretch (197 frames).
        for (int i = 0; i < values.Length; i++)
            if (Descriptors.Names[i] == "MeanUnvoicedSegmentLengthSec") Assert.InRange(values[i], 1.96f, 1.98f);
            else Assert.True(values[i] == 0f, $"{Descriptors.Names[i]} = {values[i]}");
        var fd = Descriptors.Frames(Clip(new float[2 * Rate]));
        Assert.DoesNotContain(true, fd.Voiced);
    }

    [Fact]
    public void WhiteNoiseIsMostlyUnvoicedWithLowHnr()
    {
        var clip = Clip(SyntheticVoice.Noise(2.0, Rate));
        var values = Descriptors.Extract(clip);
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        float voicedRate = Value(Descriptors, values, "voicedFrameRate");
        Assert.True(voicedRate < 0.1, $"voiced rate of white noise {voicedRate}");
        var fd = Descriptors.Frames(clip);
        for (int i = 0; i < fd.HnrDb.Length; i++)
            if (fd.HnrDefined[i]) Assert.True(fd.HnrDb[i] < 3.0, $"HNR {fd.HnrDb[i]} dB in noise");
    }

    [Theory]
    [InlineData(120.0)]
    [InlineData(220.0)]
    public void SyntheticVowelHasItsF0AndFormants(double f0)
    {
        var clip = Clip(SyntheticVoice.Vowel(f0, 1.0, Rate, SyntheticVoice.VowelA));
        var fd = Descriptors.Frames(clip);
        Assert.True(fd.Voiced.Count(v => v) > 0.9 * fd.Times.Length);
        double mf0 = VoicedMean(fd.F0Hz, fd.Voiced);
        double f1 = VoicedMean(fd.F1Hz, fd.Voiced), f2 = VoicedMean(fd.F2Hz, fd.Voiced), f3 = VoicedMean(fd.F3Hz, fd.Voiced);
        output.WriteLine($"F0 {mf0:F2} F1 {f1:F0} F2 {f2:F0} F3 {f3:F0} jitter {fd.JitterLocal:P3} shimmer {fd.ShimmerLocal:P3} HNR {VoicedMean(fd.HnrDb, fd.HnrDefined):F1}");
        Assert.InRange(mf0, f0 * 0.99, f0 * 1.01);
        Assert.InRange(f1, 700 * 0.92, 700 * 1.08);
        Assert.InRange(f2, 1220 * 0.92, 1220 * 1.08);
        Assert.InRange(f3, 2600 * 0.92, 2600 * 1.08);
        Assert.True(fd.JitterLocal < 0.001, $"jitter of a perfectly periodic vowel {fd.JitterLocal}");
        Assert.True(fd.ShimmerLocal < 0.005, $"shimmer of a perfectly periodic vowel {fd.ShimmerLocal}");
        Assert.True(VoicedMean(fd.HnrDb, fd.HnrDefined) > 25, "HNR of a perfectly periodic vowel");
    }

    [Fact]
    public void KnownJitterAndShimmerAreMeasured()
    {
        // Periods alternate (1 ± 0.5 %)/F0: jitter (local) = 1 %; amplitudes alternate 1 ± 5 %: shimmer (local) = 10 %.
        // Wide formant bandwidths keep one pulse's ringing out of the next period, which would otherwise average the
        // perturbation away (Praat measures 0.80 % and 7.5 % on the narrow-bandwidth /a/).
        (double, double)[] broad = [(700, 250), (1220, 300), (2600, 400), (3500, 500), (4500, 600)];
        var clip = Clip(SyntheticVoice.Vowel(120, 1.0, Rate, broad, jitter: 0.005, shimmer: 0.05));
        var fd = Descriptors.Frames(clip);
        output.WriteLine($"jitter {fd.JitterLocal:P3} shimmer {fd.ShimmerLocal:P3} pulses {fd.Pulses.Length}");
        Assert.InRange(fd.JitterLocal, 0.0085, 0.0115);
        Assert.InRange(fd.ShimmerLocal, 0.085, 0.115);
        Assert.InRange(VoicedMean(fd.F0Hz, fd.Voiced), 120 * 0.99, 120 * 1.01);
    }

    [Fact]
    public void ClippedSpeechDoesNotCrash()
    {
        var x = SyntheticVoice.Vowel(150, 1.0, Rate, SyntheticVoice.VowelA);
        for (int i = 0; i < x.Length; i++) x[i] = Math.Clamp(x[i] * 6f, -1f, 1f);
        x[10] = float.NaN;
        x[20] = float.PositiveInfinity;
        var values = Descriptors.Extract(Clip(x));
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        var fd = Descriptors.Frames(Clip(x));
        Assert.InRange(VoicedMean(fd.F0Hz, fd.Voiced), 150 * 0.99, 150 * 1.01);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(600)]
    public void ClipShorterThanOneFrameGivesZeros(int samples)
    {
        var x = SyntheticVoice.Tone(200, samples / (double)Rate, Rate);
        var values = Descriptors.Extract(Clip(x));
        Assert.Equal(Descriptors.Dim, values.Length);
        Assert.All(values, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ShortClipJustOverOneFrameIsFinite()
    {
        var values = Descriptors.Extract(Clip(SyntheticVoice.Vowel(200, 0.05, Rate, SyntheticVoice.VowelA)));
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void OutputIsDeterministicAndThreadSafe()
    {
        var clips = Enumerable.Range(0, 6).Select(i => Clip(SyntheticVoice.Vowel(100 + 30 * i, 0.5, Rate, SyntheticVoice.VowelA, 0.003 * i, 0.02 * i))).ToList();
        var serial = clips.Select(Descriptors.Extract).ToList();
        var parallel = new float[clips.Count][];
        Parallel.For(0, clips.Count, i => parallel[i] = Descriptors.Extract(clips[i]));
        for (int i = 0; i < clips.Count; i++)
        {
            Assert.Equal(serial[i], Descriptors.Extract(clips[i]));
            Assert.Equal(serial[i], parallel[i]);
        }
    }

    [Fact]
    public void LongClipWithDcOffsetIsHandled()
    {
        // 30 s: vowel, silence, noise, vowel again, all on a DC offset of 0.2.
        var parts = new List<float>();
        for (int k = 0; k < 5; k++)
        {
            parts.AddRange(SyntheticVoice.Vowel(110 + 20 * k, 3.0, Rate, SyntheticVoice.VowelA, 0.002, 0.02));
            parts.AddRange(new float[Rate * 2]);
            parts.AddRange(SyntheticVoice.Noise(1.0, Rate, 0.05, k));
        }
        var x = parts.Select(v => v + 0.2f).ToArray();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var fd = Descriptors.Frames(Clip(x));
        output.WriteLine($"30 s clip: {sw.ElapsedMilliseconds} ms");
        var values = Descriptors.Extract(Clip(x));
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        Assert.InRange(Value(Descriptors, values, "voicedFrameRate"), 0.4f, 0.6f);
        Assert.InRange(Value(Descriptors, values, "voicedSegmentsPerSec"), 4.5f / 30, 7f / 30);
        Assert.InRange(VoicedMean(fd.F0Hz, fd.Voiced), 150 * 0.97, 150 * 1.03); // mean of 110, 130, ..., 190 Hz
    }

    [Fact]
    public void WrongSampleRateIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Descriptors.Extract(new AudioClip(new float[22050], 22050)));
    }

    [Fact]
    public void FunctionalsOfAVowelAreSensible()
    {
        var values = Descriptors.Extract(Clip(SyntheticVoice.Vowel(120, 1.0, Rate, SyntheticVoice.VowelA)));
        Assert.InRange(Value(Descriptors, values, "F0Hz_mean"), 118.8f, 121.2f);
        Assert.InRange(Value(Descriptors, values, "F0semitoneFrom27.5Hz_mean"), 25.3f, 25.7f); // 12·log2(120/27.5) = 25.5
        Assert.True(Value(Descriptors, values, "voicedFrameRate") > 0.9f);
        Assert.True(Value(Descriptors, values, "loudness_mean") > 0f);
        Assert.True(Value(Descriptors, values, "equivalentSoundLevel_dB") > 50f);
        Assert.True(Value(Descriptors, values, "alphaRatioV_mean") < 0f, "a vowel has more energy below 1 kHz");
    }

    [Fact]
    public void FrameTracksAreAligned()
    {
        var fd = Descriptors.Frames(Clip(SyntheticVoice.Vowel(180, 0.7, Rate, SyntheticVoice.VowelA)));
        int n = fd.Times.Length;
        Assert.True(n > 50);
        foreach (var track in new[] { fd.F0Hz, fd.Loudness, fd.EnergyDb, fd.HnrDb, fd.F1Hz, fd.F2Hz, fd.F3Hz, fd.SpectralFlux, fd.AlphaRatio })
            Assert.Equal(n, track.Length);
        Assert.Equal(n, fd.Mfcc.Length);
        Assert.Equal(n, fd.MfccDelta.Length);
        Assert.InRange(fd.Times[1] - fd.Times[0], 0.0099, 0.0101);
    }
}
