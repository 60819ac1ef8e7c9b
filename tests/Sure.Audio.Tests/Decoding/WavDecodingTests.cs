using Sure.Data;

namespace Sure.Audio.Tests.Decoding;

/// <summary>WAV in every supported variant, decoded to mono 16 kHz and compared with the analytic signal.</summary>
public sealed class WavDecodingTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // Tones below 7/16 of the lowest rate (3.5 kHz at 8 kHz) so every rate carries the whole signal.
    private static readonly Func<double, double> Tones = Signals.Sines((250, 0.4, 0.3), (1000, 0.3, 0), (3000, 0.2, 1.3));

    [Theory]
    [InlineData(8, WavEncoding.Pcm, false, 0.01)]
    [InlineData(16, WavEncoding.Pcm, false, 1e-3)]
    [InlineData(24, WavEncoding.Pcm, false, 1e-3)]
    [InlineData(32, WavEncoding.Pcm, false, 1e-3)]
    [InlineData(32, WavEncoding.Float, false, 1e-3)]
    [InlineData(64, WavEncoding.Float, false, 1e-3)]
    [InlineData(16, WavEncoding.Pcm, true, 1e-3)]
    [InlineData(24, WavEncoding.Pcm, true, 1e-3)]
    [InlineData(32, WavEncoding.Float, true, 1e-3)]
    [InlineData(64, WavEncoding.Float, true, 1e-3)]
    public void EverySampleFormatDecodes(int bits, WavEncoding encoding, bool extensible, double tolerance)
    {
        foreach (var rate in new[] { 16000, 22050 })
        {
            var path = WavWriter.Write(_temp.File($"{bits}{encoding}{extensible}{rate}.wav"), [Signals.Sample(Tones, rate, rate / 2)],
                                       rate, bits, encoding, extensible);
            var clip = AudioDecoder.Load(new AudioSegment(path));
            AssertIsTones(clip, rate / 2, rate, tolerance);
        }
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(11025)]
    [InlineData(16000)]
    [InlineData(22050)]
    [InlineData(32000)]
    [InlineData(44100)]
    [InlineData(48000)]
    public void EveryRateComesOutAt16kHz(int rate)
    {
        var bytes = WavWriter.Build([Signals.Sample(Tones, rate, rate)], rate, 24, WavEncoding.Pcm);
        var clip = AudioDecoder.Decode(bytes, $"tones{rate}.wav");
        AssertIsTones(clip, rate, rate, 1e-3);
    }

    [Theory]
    [InlineData(16000)]
    [InlineData(44100)]
    public void StereoIsTheMeanOfItsChannels(int rate)
    {
        var left = Signals.Sines((440, 0.6, 0));
        var right = Signals.Sines((1500, 0.4, 0.5));
        var n = rate / 2;
        var bytes = WavWriter.Build([Signals.Sample(left, rate, n), Signals.Sample(right, rate, n)], rate, 16, WavEncoding.Pcm);
        var clip = AudioDecoder.Decode(bytes, "stereo.wav");
        var expected = Signals.Sample(t => (left(t) + right(t)) / 2, 16000, clip.Samples.Length);
        Assert.True(Signals.RmsError(clip.Samples, expected, 320, clip.Samples.Length - 320) < 1e-3);
    }

    [Fact]
    public void SixChannelsAreAveraged()
    {
        var n = 8000;
        var channels = Enumerable.Range(0, 6).Select(c => Signals.Sample(Signals.Sines((200 * (c + 1), 0.15, c)), 16000, n)).ToArray();
        var clip = AudioDecoder.Decode(WavWriter.Build(channels, 16000, 32, WavEncoding.Float, extensible: true), "six.wav");
        var expected = new double[n];
        for (var i = 0; i < n; i++) expected[i] = channels.Average(c => c[i]);
        var err = Signals.RmsError(clip.Samples, expected, 0, n);
        Assert.True(err < 1e-6, $"RMS error {err:E2}, {clip.Samples.Length} samples {string.Join(",", clip.Samples.Take(5))} vs {string.Join(",", expected.Take(5))}");
    }

    [Fact]
    public void ChirpAt44kHzFollowsTheAnalyticChirp()
    {
        var chirp = Signals.Chirp(100, 6500, 2.0);
        var clip = AudioDecoder.Decode(WavWriter.Build([Signals.Sample(chirp, 44100, 88200)], 44100, 16, WavEncoding.Pcm), "chirp.wav");
        Assert.Equal(32000, clip.Samples.Length);
        var err = Signals.RmsError(clip.Samples, Signals.Sample(chirp, 16000, 32000), 320, 32000 - 320);
        Assert.True(err < 1e-3, $"RMS error {err:E2}");
    }

    [Theory]
    [InlineData(16000)]
    [InlineData(48000)]
    public void SilenceDecodesToZeros(int rate)
    {
        var clip = AudioDecoder.Decode(WavWriter.Build([new double[rate]], rate, 16, WavEncoding.Pcm), "silence.wav");
        Assert.Equal(16000, clip.Samples.Length);
        Assert.All(clip.Samples, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void FullScaleClippedSquareWaveDecodesFinite()
    {
        var square = Signals.Sample(t => Math.Sin(2 * Math.PI * 300 * t) >= 0 ? 1.0 : -1.0, 44100, 44100);
        var clip = AudioDecoder.Decode(WavWriter.Build([square], 44100, 16, WavEncoding.Pcm), "clipped.wav");
        Assert.All(clip.Samples, s => Assert.True(float.IsFinite(s)));
        // Gibbs ringing: a band-limited square wave overshoots by about 9 % of its jump (2), i.e. to about ±1.18.
        output.WriteLine($"full-scale square wave: max {clip.Samples.Max():F3}, min {clip.Samples.Min():F3}");
        Assert.InRange(clip.Samples.Max(), 1.0, 1.25);
        Assert.InRange(clip.Samples.Min(), -1.25, -1.0);
    }

    [Fact]
    public void FloatAboveFullScaleIsKept()
    {
        var loud = Signals.Sample(Signals.Sines((500, 1.5, 0)), 16000, 1600);
        var clip = AudioDecoder.Decode(WavWriter.Build([loud], 16000, 32, WavEncoding.Float), "loud.wav");
        Assert.Equal(loud.Max(), clip.Samples.Max(), 1e-6);
    }

    [Fact]
    public void ExtraChunksBeforeTheDataAreSkipped()
    {
        var x = Signals.Sample(Tones, 16000, 4000);
        var clip = AudioDecoder.Decode(WavWriter.Build([x], 16000, 16, WavEncoding.Pcm, listChunk: true), "list.wav");
        Assert.True(Signals.RmsError(clip.Samples, x, 0, x.Length) < 1e-4);
    }

    [Fact]
    public void UnknownSizesMeanToTheEndOfTheFile()
    {
        // Writers that cannot seek back (ffmpeg to a pipe) leave 0xFFFFFFFF in the RIFF and data sizes.
        var x = Signals.Sample(Tones, 16000, 4000);
        var bytes = WavWriter.Build([x], 16000, 16, WavEncoding.Pcm);
        bytes.AsSpan(4, 4).Fill(0xFF);
        bytes.AsSpan(40, 4).Fill(0xFF);                      // "data" at 36 in a 16-byte fmt layout
        Assert.Equal("data"u8.ToArray(), bytes[36..40]);
        var clip = AudioDecoder.Decode(bytes, "pipe.wav");
        Assert.Equal(4000, clip.Samples.Length);
        Assert.True(Signals.RmsError(clip.Samples, x, 0, x.Length) < 1e-4);
    }

    [Fact]
    public void Rf64Decodes()
    {
        var x = Signals.Sample(Tones, 22050, 5000);
        var riff = WavWriter.Build([x], 22050, 24, WavEncoding.Pcm);
        var data = riff[44..];                                // 16-byte fmt layout: data from byte 44
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.ASCII, leaveOpen: true))
        {
            w.Write("RF64"u8); w.Write(uint.MaxValue); w.Write("WAVE"u8);
            w.Write("ds64"u8); w.Write(28);
            w.Write((long)(4 + 36 + 24 + 8 + data.Length)); w.Write((long)data.Length); w.Write((long)x.Length); w.Write(0);
            w.Write(riff.AsSpan(12, 24));                     // the fmt chunk as is
            w.Write("data"u8); w.Write(uint.MaxValue); w.Write(data);
        }
        var clip = AudioDecoder.Decode(ms.ToArray(), "big.wav");
        var expected = Signals.Sample(Tones, 16000, clip.Samples.Length);
        Assert.InRange(clip.Samples.Length, 3627, 3629);      // 5000·16000/22050 = 3628.1
        Assert.True(Signals.RmsError(clip.Samples, expected, 320, clip.Samples.Length - 320) < 1e-3);
    }

    [Fact]
    public void ParallelDecodesAgree()
    {
        // no shared state: the same file decoded on several threads at once gives the same clip
        var bytes = WavWriter.Build([Signals.Sample(Tones, 44100, 22050)], 44100, 24, WavEncoding.Pcm);
        var reference = AudioDecoder.Decode(bytes, "par.wav").Samples;
        var results = new float[8][];
        Parallel.For(0, results.Length, i => results[i] = AudioDecoder.Decode(bytes, "par.wav").Samples);
        Assert.All(results, r => Assert.Equal(reference, r));
    }

    [Fact]
    public void DecodeAndLoadAgree()
    {
        var bytes = WavWriter.Build([Signals.Sample(Tones, 22050, 11025)], 22050, 16, WavEncoding.Pcm);
        var path = _temp.File("same.wav");
        File.WriteAllBytes(path, bytes);
        Assert.Equal(AudioDecoder.Decode(bytes, "same.wav").Samples, AudioDecoder.Load(new AudioSegment(path)).Samples);
    }

    [Fact]
    public void NAudioWaveFileWriterOutputDecodes()
    {
        // A file from another writer: NAudio's own, 16-bit stereo at 11.025 kHz.
        var path = _temp.File("naudio.wav");
        var n = 11025;
        using (var w = new NAudio.Wave.WaveFileWriter(path, new NAudio.Wave.WaveFormat(11025, 16, 2)))
        {
            var left = Signals.Sample(Tones, 11025, n);
            for (var i = 0; i < n; i++) w.WriteSamples([(float)left[i], (float)-left[i] * 0.5f], 0, 2);
        }
        var clip = AudioDecoder.Load(new AudioSegment(path));
        var expected = Signals.Sample(t => Tones(t) * 0.25, 16000, clip.Samples.Length);
        Assert.True(Signals.RmsError(clip.Samples, expected, 320, clip.Samples.Length - 320) < 1e-3);
    }

    private static void AssertIsTones(AudioClip clip, int inputFrames, int rate, double tolerance)
    {
        Assert.Equal(AudioClip.StandardRate, clip.SampleRate);
        Assert.InRange(clip.Samples.Length, Math.Round(inputFrames * 16000.0 / rate) - 1, Math.Round(inputFrames * 16000.0 / rate) + 1);
        var expected = Signals.Sample(Tones, 16000, clip.Samples.Length);
        var edge = rate == 16000 ? 0 : 320;
        var err = Signals.RmsError(clip.Samples, expected, edge, clip.Samples.Length - edge);
        Assert.True(err < tolerance, $"{rate} Hz: RMS error {err:E2}");
    }
}
