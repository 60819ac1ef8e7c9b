using Sure.Data;
using Xunit.Abstractions;

namespace Sure.Audio.Tests.Decoding;

/// <summary>MP3 and Ogg Vorbis (in process, from the committed fixtures and from ffmpeg), MP4/AAC, FLAC, WebM through ffmpeg.</summary>
public sealed class CompressedDecodingTests(ITestOutputHelper output, EncodedFiles files) : IClassFixture<EncodedFiles>
{
    [Theory]
    [InlineData("tone440.mp3")]
    [InlineData("tone440.ogg")]
    public void FixtureIsA440HzToneOfHalfASecond(string name)
    {
        var clip = AudioDecoder.Load(new AudioSegment(Fixtures.Path(name)));
        Assert.Equal(16000, clip.SampleRate);
        // 0.5 s: the MP3's LAME tag gives the encoder delay and padding, which are trimmed; Ogg records the length
        Assert.InRange(clip.Samples.Length, 7999, 8001);
        var inner = clip.Samples.AsSpan(800, 6400).ToArray();        // 50–450 ms
        var at440 = Signals.ToneAmplitude(inner, 16000, 440);
        output.WriteLine($"{name}: {clip.Samples.Length} samples, 440 Hz amplitude {at440:F4}");
        Assert.InRange(at440, 0.125 * 0.9, 0.125 * 1.1);              // ffmpeg's sine source: amplitude 1/8
        foreach (var other in new[] { 220.0, 880, 1320, 3000 })
            Assert.True(Signals.ToneAmplitude(inner, 16000, other) < at440 / 100, $"{name}: energy at {other} Hz");
        var expected = Signals.Sample(Signals.Sines((440, 0.125, 0)), 16000, clip.Samples.Length);
        // (a pure tone's correlation repeats every period, so its lag says nothing: the chirp tests check timing)
        Assert.True(Signals.BestCorrelation(clip.Samples, expected, 40, 400, out _) > 0.99);
    }

    [Fact]
    public void FixtureDecodesTheSameFromBytes()
    {
        foreach (var name in new[] { "tone440.mp3", "tone440.ogg" })
        {
            var path = Fixtures.Path(name);
            Assert.Equal(AudioDecoder.Load(new AudioSegment(path)).Samples, AudioDecoder.Decode(File.ReadAllBytes(path), name).Samples);
        }
    }

    [FfmpegFact]
    public void Mp4AacFromAWavIsTheSameSignal()
    {
        Check(AudioDecoder.Load(new AudioSegment(files.Path("clip.mp4"))), files.StereoMix, 0.99, "MP4 (AAC)");
        Check(AudioDecoder.Decode(File.ReadAllBytes(files.Path("clip.mp4")), "clip.mp4"), files.StereoMix, 0.99, "MP4 (AAC) bytes");
    }

    [FfmpegFact]
    public void Mp4WithAVideoTrackLikeMeldDecodesItsAudio()
    {
        var clip = AudioDecoder.Load(new AudioSegment(files.Path("dia0_utt0.mp4")), "0", 0);
        Check(clip, files.StereoMix, 0.99, "MP4 with video");
        // the level too: the mean of the channels
        var expected = Signals.Sample(files.StereoMix, 16000, 16000).Select(v => (float)v).ToArray();
        Assert.InRange(Signals.Rms(clip.Samples, 800, 15200) / Signals.Rms(expected, 800, 15200), 0.95, 1.05);
    }

    [FfmpegFact]
    public void M4aFlacWebmAndOpusThroughFfmpeg()
    {
        Check(AudioDecoder.Decode(File.ReadAllBytes(files.Path("clip.m4a")), "clip.m4a"), files.Left, 0.99, "M4A bytes");
        var flac = AudioDecoder.Load(new AudioSegment(files.Path("clip.flac")));
        Check(flac, files.StereoMix, 0.999, "FLAC", maxLag: 0);
        // lossless: the samples themselves, so the channels are averaged (not ffmpeg's (L + R)/√2) and resampled here
        var err = Signals.RmsError(flac.Samples, Signals.Sample(files.StereoMix, 16000, 16000), 320, 16000 - 320);
        Assert.True(err < 1e-3, $"FLAC: RMS error {err:E2}");
        Check(AudioDecoder.Load(new AudioSegment(files.Path("clip.webm"))), files.StereoMix, 0.99, "WebM (Opus)");
        Check(AudioDecoder.Load(new AudioSegment(files.Path("mono.opus"))), files.StereoMix, 0.99, "Ogg Opus (ffmpeg -ac 1 when encoding)");
    }

    [Fact]
    public void Mp3AndOggFromFfmpegAreReadInProcess()
    {
        if (!AudioDecoder.FfmpegAvailable) { output.WriteLine(FfmpegFactAttribute.AbsentMessage); return; }
        // PATH without ffmpeg would not change these: they never start it (NoFfmpegTests checks that for the fixtures).
        // gapless: the LAME tag's delay and padding trimmed, so no lag and the original length
        Check(AudioDecoder.Load(new AudioSegment(files.Path("stereo.mp3"))), files.StereoMix, 0.99, "MP3 stereo 44.1 kHz", maxLag: 1, exactLength: true);
        Check(AudioDecoder.Decode(File.ReadAllBytes(files.Path("mono22.mp3")), "mono22.mp3"), files.Left, 0.99, "MP3 mono 22.05 kHz bytes",
              maxLag: 1, exactLength: true);
        Check(AudioDecoder.Load(new AudioSegment(files.Path("stereo.ogg"))), files.StereoMix, 0.99, "Ogg Vorbis stereo 48 kHz", maxLag: 1,
              exactLength: true);
    }

    [FfmpegFact]
    public void AacBehindAnId3TagFallsBackToFfmpeg()
    {
        // sniffed as MP3 (ID3), rejected by NLayer, read by ffmpeg
        var path = files.Path("id3aac.mp3");
        Assert.Equal("ID3"u8.ToArray(), File.ReadAllBytes(path)[..3]);
        Check(AudioDecoder.Load(new AudioSegment(path)), files.Left, 0.99, "ADTS AAC with an ID3 tag");
    }

    [FfmpegFact]
    public void MuLawWavGoesThroughFfmpeg() =>
        Check(AudioDecoder.Load(new AudioSegment(files.Path("ulaw.wav"))), files.Left, 0.99, "µ-law WAV", maxLag: 0);

    [FfmpegFact]
    public void FfmpegSegmentIsCutAt16kHz()
    {
        var whole = AudioDecoder.Load(new AudioSegment(files.Path("clip.flac"))).Samples;
        var part = AudioDecoder.Load(new AudioSegment(files.Path("clip.flac"), 0.25, 0.65)).Samples;
        Assert.Equal(6400, part.Length);
        Assert.Equal(whole.AsSpan(4000, 6400).ToArray(), part);
    }

    [FfmpegFact]
    public void BrokenMp4IsOneLine()
    {
        var bytes = File.ReadAllBytes(files.Path("clip.mp4"));
        var message = ErrorAssert.OneLine(() => AudioDecoder.Decode(bytes[..600], "upload.mp4", "d1", 3), "upload.mp4", "dialogue d1, utterance 3", "MP4");
        output.WriteLine(message);
        Assert.DoesNotContain("sure-audio-", message);   // the temporary file's name is not shown
    }

    [FfmpegFact]
    public void VideoWithoutAudioIsOneLine() =>
        ErrorAssert.OneLine(() => AudioDecoder.Load(new AudioSegment(files.Path("silent-film.mp4")), "d1", 3),
                            "silent-film.mp4", "dialogue d1, utterance 3", "no audio stream");

    private void Check(AudioClip clip, Func<double, double> signal, double minCorrelation, string what, int maxLag = 1200,
                       bool exactLength = false)
    {
        Assert.Equal(16000, clip.SampleRate);
        if (exactLength) Assert.InRange(clip.Samples.Length, 15999, 16001);
        else Assert.InRange(clip.Duration, 0.95, 1.1);
        var expected = Signals.Sample(signal, 16000, 16000);
        var r = Signals.BestCorrelation(clip.Samples, expected, maxLag, 400, out var lag);
        output.WriteLine($"{what}: {clip.Samples.Length} samples, correlation {r:F5} at lag {lag}");
        Assert.True(r > minCorrelation, $"{what}: correlation {r:F5} at lag {lag}");
    }
}
