using Sure.Data;

namespace Sure.Audio.Tests.Decoding;

/// <summary>Every decoding failure: one line, a data error naming the file, the dialogue and the utterance.</summary>
public sealed class DecodingErrorTests : IDisposable
{
    private const string Where = "dialogue d1, utterance 3";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static byte[] Tone(int rate, double seconds, int bits = 16, WavEncoding encoding = WavEncoding.Pcm) =>
        WavWriter.Build([Signals.Sample(Signals.Sines((440, 0.5, 0)), rate, (int)(rate * seconds))], rate, bits, encoding);

    private string Save(string name, byte[] bytes)
    {
        var path = _temp.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static AudioClip Load(string path, double? start = null, double? end = null) =>
        AudioDecoder.Load(new AudioSegment(path, start, end), "d1", 3);

    [Fact]
    public void MissingFile() =>
        ErrorAssert.OneLine(() => Load(_temp.File("missing.wav")), "missing.wav", Where, "does not exist");

    [Fact]
    public void FolderInsteadOfFile()
    {
        var dir = Directory.CreateDirectory(_temp.File("clips.wav")).FullName;
        ErrorAssert.OneLine(() => Load(dir), "clips.wav", Where, "folder");
    }

    [Fact]
    public void EmptyFile()
    {
        ErrorAssert.OneLine(() => Load(Save("empty.wav", [])), "empty.wav", Where, "empty (0 bytes)");
        ErrorAssert.OneLine(() => AudioDecoder.Decode([], "upload.mp3", "d1", 3), "upload.mp3", Where, "empty (0 bytes)");
    }

    [Fact]
    public void WavWithNoSamples() =>
        ErrorAssert.OneLine(() => Load(Save("nosamples.wav", WavWriter.Build([[]], 16000, 16, WavEncoding.Pcm))),
                            "nosamples.wav", Where, "no audio samples");

    [Fact]
    public void TruncatedWavHeaderClaimsMoreData()
    {
        var bytes = WavWriter.Build([Signals.Sample(Signals.Sines((440, 0.5, 0)), 16000, 16000)], 16000, 16, WavEncoding.Pcm,
                                    claimedExtraBytes: 32000);
        ErrorAssert.OneLine(() => Load(Save("short.wav", bytes)), "short.wav", Where, "truncated WAV", "64000 bytes");
        ErrorAssert.OneLine(() => AudioDecoder.Decode(bytes, "short.wav", "d1", 3), "short.wav", Where, "truncated");
    }

    [Fact]
    public void TruncatedWavCutShort()
    {
        var bytes = Tone(22050, 1);
        ErrorAssert.OneLine(() => Load(Save("cut.wav", bytes[..(bytes.Length / 2)])), "cut.wav", Where, "truncated");
    }

    [Fact]
    public void WavCutInsideItsHeader() =>
        ErrorAssert.OneLine(() => Load(Save("header.wav", Tone(16000, 0.1)[..30])), "header.wav", Where, "WAV");

    [Fact]
    public void UnsupportedBitDepth() =>
        ErrorAssert.OneLine(() => Load(Save("twelve.wav", WavWriter.WithFormatTag(1, 12))), "twelve.wav", Where, "unsupported WAV", "12-bit");

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void NonFiniteFloatSampleIsAnError(double bad, string named)
    {
        var x = Signals.Sample(Signals.Sines((440, 0.5, 0)), 16000, 16000);
        x[8000] = bad;
        foreach (var bits in new[] { 32, 64 })
        {
            var bytes = WavWriter.Build([x], 16000, bits, WavEncoding.Float);
            ErrorAssert.OneLine(() => Load(Save($"nan{bits}.wav", bytes)), $"nan{bits}.wav", Where, named, "0.5 s", "frame 8000");
        }
    }

    [Fact]
    public void GarbageIsUnsupportedOrUnreadable()
    {
        var bytes = "this is a text file, not a recording\n"u8.ToArray();
        var message = ErrorAssert.OneLine(() => Load(Save("notes.wav", bytes)), "notes.wav", Where);
        Assert.True(message.Contains("not a recognised audio format") || message.Contains("unreadable"), message);
    }

    [Fact]
    public void CorruptMp3()
    {
        var bytes = new byte[4000];
        "ID3"u8.CopyTo(bytes);
        new Random(1).NextBytes(bytes.AsSpan(10));
        ErrorAssert.OneLine(() => Load(Save("corrupt.mp3", bytes)), "corrupt.mp3", Where);
    }

    [Fact]
    public void TruncatedMp3()
    {
        // the fixture's Info frame announces 21 frames (0.549 s at 44.1 kHz); cut at 60 % fewer decode
        var good = File.ReadAllBytes(Fixtures.Path("tone440.mp3"));
        ErrorAssert.OneLine(() => Load(Save("cut.mp3", good[..(good.Length * 6 / 10)])), "cut.mp3", Where, "truncated MP3", "21 frames");
        ErrorAssert.OneLine(() => AudioDecoder.Decode(good[..600], "head.mp3", "d1", 3), "head.mp3", Where, "truncated MP3");
    }

    [Fact]
    public void CorruptOgg()
    {
        var good = File.ReadAllBytes(Fixtures.Path("tone440.ogg"));
        var bytes = good[..200];
        ErrorAssert.OneLine(() => Load(Save("corrupt.ogg", bytes)), "corrupt.ogg", Where);
    }

    [Fact]
    public void NegativeStart() =>
        ErrorAssert.OneLine(() => Load(Save("a.wav", Tone(16000, 1)), -0.5, 0.5), "a.wav", Where, "start -0.5 s is negative");

    [Fact]
    public void StartNotBeforeEnd()
    {
        var path = Save("b.wav", Tone(16000, 1));
        ErrorAssert.OneLine(() => Load(path, 0.5, 0.5), "b.wav", Where, "not before its end");
        ErrorAssert.OneLine(() => Load(path, 0.6, 0.5), "b.wav", Where, "not before its end");
    }

    [Fact]
    public void EndBeyondTheRecording()
    {
        var path = Save("c.wav", Tone(44100, 1));
        ErrorAssert.OneLine(() => Load(path, 0.5, 1.02), "c.wav", Where, "beyond the end of the recording (1 s)");
        Assert.Equal(8000, Load(path, 0.5, 1.009).Samples.Length); // within 10 ms: clipped to the end
    }

    [Fact]
    public void StartBeyondTheRecording() =>
        ErrorAssert.OneLine(() => Load(Save("d.wav", Tone(16000, 1)), 1.0, 1.005), "d.wav", Where, "at or beyond the end");

    [Fact]
    public void SegmentShorterThanAMillisecond()
    {
        var path = Save("e.wav", Tone(16000, 1));
        ErrorAssert.OneLine(() => Load(path, 0.5, 0.5005), "e.wav", Where, "shorter than 1 ms");
        ErrorAssert.OneLine(() => Load(path, 0.9995, 1.005), "e.wav", Where, "shorter than 1 ms");
        Assert.Equal(16, Load(path, 0.5, 0.501).Samples.Length);
    }

    [Fact]
    public void NonNumericStart() =>
        ErrorAssert.OneLine(() => Load(Save("f.wav", Tone(16000, 1)), double.NaN, 0.5), "f.wav", Where, "not a number");

    [Fact]
    public void WithoutDialogueTheMessageNamesTheFileOnly()
    {
        var message = ErrorAssert.OneLine(() => AudioDecoder.Load(new AudioSegment(_temp.File("gone.wav"))), "gone.wav");
        Assert.DoesNotContain("dialogue", message);
        Assert.StartsWith(_temp.File("gone.wav") + ": ", message);
    }
}
