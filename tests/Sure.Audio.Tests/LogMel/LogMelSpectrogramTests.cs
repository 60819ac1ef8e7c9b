using Sure.Audio.LogMel;

namespace Sure.Audio.Tests.LogMel;

public sealed class LogMelSpectrogramTests
{
    private static readonly LogMelOptions Options = new();

    private static AudioClip Noise(int samples, int seed, double toneHz = 0)
    {
        var rng = new Random(seed);
        var s = new float[samples];
        for (int i = 0; i < samples; i++)
            s[i] = (float)(0.1 * (rng.NextDouble() * 2 - 1) + (toneHz > 0 ? 0.5 * Math.Sin(2 * Math.PI * toneHz * i / 16000) : 0));
        return new AudioClip(s, 16000);
    }

    /// <summary>An independent float64 log-mel of frame <paramref name="t"/>: direct DFT, HTK triangles from the formula.</summary>
    private static double[] Reference(float[] samples, int t, int mels)
    {
        const int win = 400, hop = 160, fft = 512, rate = 16000;
        var frame = new double[fft];
        for (int j = 0; j < win; j++)
        {
            int i = t * hop + j;
            double x = i < samples.Length ? samples[i] : 0;
            frame[j] = x * (0.5 - 0.5 * Math.Cos(2 * Math.PI * j / win));
        }
        var power = new double[fft / 2 + 1];
        for (int k = 0; k <= fft / 2; k++)
        {
            double re = 0, im = 0;
            for (int j = 0; j < fft; j++)
            {
                re += frame[j] * Math.Cos(2 * Math.PI * k * j / fft);
                im -= frame[j] * Math.Sin(2 * Math.PI * k * j / fft);
            }
            power[k] = re * re + im * im;
        }
        static double Mel(double f) => 2595 * Math.Log10(1 + f / 700);
        static double Hz(double m) => 700 * (Math.Pow(10, m / 2595) - 1);
        var result = new double[mels];
        for (int m = 0; m < mels; m++)
        {
            double lo = Hz(Mel(8000) * m / (mels + 1)), mid = Hz(Mel(8000) * (m + 1) / (mels + 1)), hi = Hz(Mel(8000) * (m + 2) / (mels + 1));
            double sum = 0;
            for (int k = 0; k <= fft / 2; k++)
            {
                double f = k * (double)rate / fft;
                double w = f <= lo || f >= hi ? 0 : f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
                sum += w * power[k];
            }
            result[m] = Math.Log(sum + 1e-6);
        }
        return result;
    }

    [Fact]
    public void LogMelMatchesAnIndependentFloat64Computation()
    {
        var clip = Noise(8000 + 77, 3, toneHz: 440);
        var spec = LogMelSpectrogram.Compute(clip, Options);
        Assert.Equal(1 + (clip.Samples.Length - 400 + 159) / 160, spec.GetLength(0));
        Assert.Equal(64, spec.GetLength(1));
        foreach (int t in new[] { 0, 7, spec.GetLength(0) - 1 })
        {
            var reference = Reference(clip.Samples, t, 64);
            for (int m = 0; m < 64; m++) Assert.True(Math.Abs(spec[t, m] - reference[m]) < 1e-3, $"frame {t} mel {m}: {spec[t, m]} vs {reference[m]}");
        }
    }

    [Theory]
    [InlineData(250.0)]
    [InlineData(1000.0)]
    [InlineData(4000.0)]
    public void APureToneLandsInTheMelBandCentredNearIt(double hz)
    {
        var s = new float[16000];
        for (int i = 0; i < s.Length; i++) s[i] = (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / 16000));
        var spec = LogMelSpectrogram.Compute(new AudioClip(s, 16000), Options);
        static double Mel(double f) => 2595 * Math.Log10(1 + f / 700);
        double step = Mel(8000) / 65;
        int expected = (int)Math.Round(Mel(hz) / step) - 1; // band m peaks at mel (m + 1)·step
        int t = spec.GetLength(0) / 2;
        int best = Enumerable.Range(0, 64).MaxBy(m => spec[t, m]);
        Assert.InRange(best, expected - 1, expected + 1);
        Assert.True(spec[t, best] - spec[t, Math.Max(0, expected - 8)] > 5, "the tone's band should dominate far bands");
    }

    [Fact]
    public void LongClipsAreCutToTheirMiddle()
    {
        var o = Options with { MaxSeconds = 1 };
        var middle = Noise(16000, 5, toneHz: 700);
        var s = new float[16000 * 3];
        var loud = Noise(s.Length, 6, toneHz: 3000);
        Array.Copy(loud.Samples, s, s.Length);
        Array.Copy(middle.Samples, 0, s, 16000, 16000);
        var cut = LogMelSpectrogram.Compute(new AudioClip(s, 16000), o);
        var alone = LogMelSpectrogram.Compute(middle, o);
        Assert.Equal(LogMelSpectrogram.FrameCount(s.Length, o), cut.GetLength(0));
        Assert.Equal(alone.GetLength(0), cut.GetLength(0));
        for (int t = 0; t < alone.GetLength(0); t++)
            for (int m = 0; m < 64; m++) Assert.Equal(alone[t, m], cut[t, m]);
    }

    [Fact]
    public void EmptyAndShortClipsGiveOneFrameAndOtherRatesAreRefused()
    {
        Assert.Equal(1, LogMelSpectrogram.Compute(new AudioClip([], 16000), Options).GetLength(0));
        Assert.Equal(1, LogMelSpectrogram.Compute(new AudioClip(new float[100], 16000), Options).GetLength(0));
        Assert.Throws<ArgumentException>(() => LogMelSpectrogram.Compute(new AudioClip(new float[100], 22050), Options));
    }
}
