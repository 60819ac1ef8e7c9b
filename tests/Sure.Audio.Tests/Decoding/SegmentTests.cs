using Sure.Data;

namespace Sure.Audio.Tests.Decoding;

/// <summary>Segments: exact to a 16 kHz sample, equal to the same part of the whole recording, analytic values.</summary>
public sealed class SegmentTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private static readonly Func<double, double> Tones = Signals.Sines((180, 0.3, 0.4), (700, 0.3, 0), (2900, 0.2, 1.0));

    public void Dispose() => _temp.Dispose();

    private string Recording(string name, int rate, double seconds, int channels = 1)
    {
        var n = (int)Math.Round(rate * seconds);
        var ch = Enumerable.Range(0, channels).Select(c => Signals.Sample(c == 0 ? Tones : t => Tones(t) * 0.5, rate, n)).ToArray();
        return WavWriter.Write(_temp.File(name), ch, rate);
    }

    [Fact]
    public void IemocapStyleSegmentOfA16kHzStereoDialogue()
    {
        // IEMOCAP: Ses01F_impro01_F000 [6.2901-8.2357] in a 16 kHz stereo dialogue recording.
        var path = Recording("Ses01F_impro01.wav", 16000, 10, channels: 2);
        var clip = AudioDecoder.Load(new AudioSegment(path, 6.2901, 8.2357));
        Assert.Equal(131771 - 100642, clip.Samples.Length);                  // round(8.2357·16000) − round(6.2901·16000)
        var expected = Signals.Sample(t => Tones(t) * 0.75, 16000, clip.Samples.Length, 100642 / 16000.0);
        Assert.True(Signals.RmsError(clip.Samples, expected, 0, expected.Length) < 1e-4);
    }

    [Theory]
    [InlineData(22050)]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(8000)]
    public void SegmentIsExactlyThatPartOfTheWholeRecording(int rate)
    {
        var path = Recording($"whole{rate}.wav", rate, 3);
        var whole = AudioDecoder.Load(new AudioSegment(path)).Samples;
        foreach (var (s, e) in new[] { (0.0, 0.25), (1.23456, 2.5), (0.000031, 0.01), (2.7, 3.0), (1.5, 3.004) })
        {
            var part = AudioDecoder.Load(new AudioSegment(path, s, e)).Samples;
            var m0 = (int)Math.Round(s * 16000);
            var m1 = Math.Min((int)Math.Round(e * 16000), whole.Length);
            Assert.Equal(m1 - m0, part.Length);
            Assert.Equal(whole.AsSpan(m0, m1 - m0).ToArray(), part);
            // and the analytic signal, away from the recording's own ends
            var expected = Signals.Sample(Tones, 16000, part.Length, m0 / 16000.0);
            var from = m0 < 320 ? 320 - m0 : 0;
            var to = m1 > whole.Length - 320 ? part.Length - (m1 - (whole.Length - 320)) : part.Length;
            if (to > from)
                Assert.True(Signals.RmsError(part, expected, from, to) < 1e-3, $"{rate} Hz, {s}–{e} s");
        }
    }

    [Fact]
    public void OpenEndedSegments()
    {
        var path = Recording("open.wav", 22050, 2);
        Assert.Equal(16000, AudioDecoder.Load(new AudioSegment(path, 1.0, null)).Samples.Length);
        Assert.Equal(8000, AudioDecoder.Load(new AudioSegment(path, null, 0.5)).Samples.Length);
        Assert.Equal(32000, AudioDecoder.Load(new AudioSegment(path)).Samples.Length);
    }

    [Fact]
    public void SegmentOfAnMp3Fixture()
    {
        var clip = AudioDecoder.Load(new AudioSegment(Fixtures.Path("tone440.mp3"), 0.1, 0.3));
        Assert.Equal(3200, clip.Samples.Length);
        Assert.InRange(Signals.ToneAmplitude(clip.Samples, 16000, 440), 0.1, 0.15);
    }
}
