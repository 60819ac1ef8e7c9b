namespace Sure.Audio.Tests.Decoding;

/// <summary>
/// The compressed files the ffmpeg tests decode, made once per test class with as few ffmpeg runs as possible (one per
/// source WAV, each writing several outputs), from one second of chirps and tones whose analytic form the tests know.
/// Nothing is made when ffmpeg is absent (those tests are skipped).
/// </summary>
public sealed class EncodedFiles : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <summary>The mono mix of the stereo sources, and the mono sources' signal.</summary>
    public Func<double, double> StereoMix { get; }

    /// <summary>The mono sources' signal (the stereo sources' left channel).</summary>
    public Func<double, double> Left { get; }

    public EncodedFiles()
    {
        var leftChirp = Signals.Chirp(150, 3000, 1, 0.4);
        var rightChirp = Signals.Chirp(2500, 400, 1, 0.3);
        var leftTone = Signals.Sines((523, 0.2, 0.3));
        var rightTone = Signals.Sines((811, 0.2, 1.1));
        Func<double, double> left = t => leftChirp(t) + leftTone(t);
        Func<double, double> right = t => rightChirp(t) + rightTone(t);
        Left = left;
        StereoMix = t => (left(t) + right(t)) / 2;
        if (!AudioDecoder.FfmpegAvailable) return;

        var stereo44 = WavWriter.Write(Path("stereo44.wav"), [Signals.Sample(left, 44100, 44100), Signals.Sample(right, 44100, 44100)], 44100);
        var stereo48 = WavWriter.Write(Path("stereo48.wav"), [Signals.Sample(left, 48000, 48000), Signals.Sample(right, 48000, 48000)], 48000);
        var mono22 = WavWriter.Write(Path("mono22.wav"), [Signals.Sample(left, 22050, 22050)], 22050);
        Ffmpeg.Run("-i", stereo44, "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", Path("clip.mp4"),
                   "-c:a", "flac", Path("clip.flac"), "-c:a", "libmp3lame", "-b:a", "192k", Path("stereo.mp3"));
        Ffmpeg.Run("-i", stereo48, "-c:a", "libopus", Path("clip.webm"), "-c:a", "libvorbis", "-q:a", "6", Path("stereo.ogg"),
                   "-ac", "1", "-c:a", "libopus", Path("mono.opus"));
        Ffmpeg.Run("-i", mono22, "-c:a", "aac", Path("clip.m4a"), "-c:a", "libmp3lame", "-b:a", "96k", Path("mono22.mp3"),
                   "-c:a", "pcm_mulaw", Path("ulaw.wav"), "-c:a", "aac", "-f", "adts", "-write_id3v2", "1", Path("id3aac.mp3"));
        // MELD's raw clips: MP4 with video and AAC audio; and a video with no audio at all.
        Ffmpeg.Run("-f", "lavfi", "-i", "color=c=black:s=32x32:r=5:d=1", "-i", stereo48, "-map", "0:v", "-map", "1:a",
                   "-c:v", "mpeg4", "-c:a", "aac", "-shortest", Path("dia0_utt0.mp4"),
                   "-map", "0:v", "-c:v", "mpeg4", Path("silent-film.mp4"));
    }

    /// <summary>The path of a file in the folder.</summary>
    public string Path(string name) => _temp.File(name);

    /// <inheritdoc />
    public void Dispose() => _temp.Dispose();
}
