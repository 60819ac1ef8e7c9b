using Sure.Data;

namespace Sure.Audio.Tests.Decoding;

/// <summary>
/// Decoding as on a machine without ffmpeg: WAV, MP3 and Ogg Vorbis still decode (they never start it), and formats
/// that need it fail with the one-line install hint.
/// </summary>
[Collection(NoFfmpegCollection.Name)]
public sealed class NoFfmpegTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string? _path = Environment.GetEnvironmentVariable("PATH");

    public NoFfmpegTests() => Environment.SetEnvironmentVariable("PATH", _temp.Dir);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", _path);
        _temp.Dispose();
    }

    [Fact]
    public void FfmpegIsHidden() => Assert.False(AudioDecoder.FfmpegAvailable);

    [Fact]
    public void Mp4NeedsFfmpeg()
    {
        var mp4 = new byte[64];
        "ftypisom"u8.CopyTo(mp4.AsSpan(4));
        var path = _temp.File("dia3_utt7.mp4");
        File.WriteAllBytes(path, mp4);
        ErrorAssert.OneLine(() => AudioDecoder.Load(new AudioSegment(path), "d1", 3),
                            "dia3_utt7.mp4", "dialogue d1, utterance 3", "is MP4; reading it needs ffmpeg (Debian: apt-get install ffmpeg)");
        ErrorAssert.OneLine(() => AudioDecoder.Decode(mp4, "upload.m4a"), "upload.m4a", "is MP4; reading it needs ffmpeg");
    }

    [Theory]
    [InlineData(new byte[] { (byte)'f', (byte)'L', (byte)'a', (byte)'C', 0, 0, 0, 34 }, "FLAC")]
    [InlineData(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81 }, "Matroska/WebM")]
    [InlineData(new byte[] { 0xFF, 0xF1, 0x50, 0x80, 0x02, 0x1F, 0xFC, 0x00 }, "AAC (ADTS)")]
    public void OtherFormatsNeedFfmpeg(byte[] head, string named)
    {
        var bytes = head.Concat(new byte[100]).ToArray();
        ErrorAssert.OneLine(() => AudioDecoder.Decode(bytes, "upload.bin", "d1", 3), "upload.bin", "dialogue d1, utterance 3",
                            $"is {named}; reading it needs ffmpeg");
    }

    [Fact]
    public void UnknownBytesAreNotARecognisedFormat() =>
        ErrorAssert.OneLine(() => AudioDecoder.Decode("plain text"u8.ToArray(), "notes.txt", "d1", 3), "notes.txt",
                            "dialogue d1, utterance 3", "not a recognised audio format");

    [Fact]
    public void MuLawWavNeedsFfmpeg() =>
        ErrorAssert.OneLine(() => AudioDecoder.Decode(WavWriter.WithFormatTag(7, 8), "ulaw.wav"), "ulaw.wav", "MuLaw", "needs ffmpeg");

    [Fact]
    public void WavMp3AndOggDecodeWithoutFfmpeg()
    {
        var tones = Signals.Sines((440, 0.5, 0), (2000, 0.2, 1));
        foreach (var (bits, encoding, extensible) in new[] { (16, WavEncoding.Pcm, false), (24, WavEncoding.Pcm, true), (32, WavEncoding.Float, true),
                                                             (64, WavEncoding.Float, false), (8, WavEncoding.Pcm, false) })
        {
            var x = Signals.Sample(tones, 22050, 11025);
            var clip = AudioDecoder.Decode(WavWriter.Build([x, x], 22050, bits, encoding, extensible), "x.wav");
            var err = Signals.RmsError(clip.Samples, Signals.Sample(tones, 16000, clip.Samples.Length), 320, clip.Samples.Length - 320);
            Assert.True(err < (bits == 8 ? 0.01 : 1e-3), $"{bits}-bit {encoding} extensible={extensible}: {err:E2}");
        }
        foreach (var name in new[] { "tone440.mp3", "tone440.ogg" })
            Assert.InRange(AudioDecoder.Load(new AudioSegment(Fixtures.Path(name))).Duration, 0.49, 0.56);
    }
}
