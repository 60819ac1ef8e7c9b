using Sure.Audio.Descriptors;
using Xunit.Abstractions;
using static Sure.Audio.Tests.Descriptors.DescriptorTestUtil;

namespace Sure.Audio.Tests.Descriptors;

/// <summary>
/// Agreement with Praat (tools/praat/measure.praat) on the same samples, within the tolerances of
/// docs/audio-descriptors.md. Skipped (early return) when praat is not installed; the EmoDB part also when
/// ../shared/data is absent.
/// </summary>
public sealed class PraatAgreementTests(ITestOutputHelper output)
{
    private static readonly AcousticDescriptors Descriptors = new();

    // F0, jitter, shimmer (relative); HNR (dB, absolute); F1, F2, F3 (relative).
    private static readonly double[] Tolerance = [0.01, 0.05, 0.05, 1.0, 0.10, 0.05, 0.05];

    private void Compare(string what, AudioClip clip, bool perturbation)
    {
        var praat = Praat(clip);
        var ours = Ours(Descriptors.Frames(clip));
        output.WriteLine($"{what}: praat [{string.Join(", ", praat.Select(v => v.ToString("G5")))}] ours [{string.Join(", ", ours.Select(v => v.ToString("G5")))}]");
        for (int m = 0; m < Tolerance.Length; m++)
        {
            if (!perturbation && m is 1 or 2) continue;
            if (m == 3 && (double.IsNaN(praat[m]) || praat[m] > 40)) continue; // near-perfect periodicity: both very high
            Assert.False(double.IsNaN(praat[m]), $"{what}: Praat undefined for measure {m}");
            double err = m == 3 ? Math.Abs(ours[m] - praat[m]) : Math.Abs(ours[m] - praat[m]) / Math.Abs(praat[m]);
            Assert.True(err <= Tolerance[m], $"{what}: measure {m} ours {ours[m]} Praat {praat[m]}");
        }
    }

    [Fact]
    public void SyntheticVowelsAgreeWithPraat()
    {
        if (!PraatInstalled()) { output.WriteLine("praat not installed: skipped"); return; }
        Compare("vowel 120 Hz", Clip(SyntheticVoice.Vowel(120, 1.0, Rate, SyntheticVoice.VowelA)), perturbation: false);
        Compare("vowel 220 Hz", Clip(SyntheticVoice.Vowel(220, 1.0, Rate, SyntheticVoice.VowelA)), perturbation: false);
        Compare("vowel 120 Hz jitter 1 % shimmer 10 %", Clip(SyntheticVoice.Vowel(120, 1.0, Rate, SyntheticVoice.VowelA, 0.005, 0.05)), perturbation: true);
    }

    [Fact]
    public void EmoDbFilesAgreeWithPraat()
    {
        if (!PraatInstalled()) { output.WriteLine("praat not installed: skipped"); return; }
        string? emodb = EmoDb();
        if (emodb is null) { output.WriteLine("../shared/data/emodb absent: skipped"); return; }
        foreach (string name in new[] { "03a01Fa.wav", "08a02Ab.wav", "13b01Eb.wav", "16a01Wb.wav" })
        {
            string path = Path.Combine(emodb, "wav", name);
            if (!File.Exists(path)) continue;
            Compare(name, Load16k(path), perturbation: true);
        }
    }

    [Fact]
    public void EmoDbFileGivesPlausibleDescriptors()
    {
        string? emodb = EmoDb();
        if (emodb is null) { output.WriteLine("../shared/data/emodb absent: skipped"); return; }
        var clip = Load16k(Path.Combine(emodb, "wav", "03a01Fa.wav"));
        Assert.Equal(32000, clip.Samples.Length);
        var values = Descriptors.Extract(clip);
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        Assert.InRange(Value(Descriptors, values, "voicedFrameRate"), 0.2f, 0.9f);
        Assert.InRange(Value(Descriptors, values, "F0Hz_mean"), 80f, 400f);
    }
}
