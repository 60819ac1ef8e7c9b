using Sure.Data;
using Sure.Errors;

namespace Sure.Audio;

/// <summary>
/// Decodes audio files and uploads to mono <see cref="AudioClip.StandardRate"/> (16 kHz) clips. WAV (NAudio), MP3
/// (NLayer) and Ogg Vorbis (NVorbis) are read in process, recognised by their first bytes; every other format (MP4/AAC,
/// M4A, FLAC, WebM, Opus, …) goes through the <c>ffmpeg</c> executable when it is on the PATH. Channels are averaged;
/// other rates are converted by <see cref="Resampler"/>. Every failure is a one-line
/// <see cref="Sure.Errors.SureDataException"/> naming the file (and the dialogue and utterance when given).
/// See docs/audio-decoding.md.
/// </summary>
public static class AudioDecoder
{
    /// <summary>Whether an <c>ffmpeg</c> executable is on the PATH (looked up on each call).</summary>
    public static bool FfmpegAvailable => FfmpegDecoder.Find() is not null;

    /// <summary>
    /// The recording at <paramref name="segment"/>'s path, or its [Start, End) part in seconds, decoded, mixed to mono
    /// and at 16 kHz. A segment may end up to 10 ms past the recording (it is clipped); it must start at or after 0,
    /// before its end and before the recording's end, and last at least 1 ms.
    /// </summary>
    /// <param name="segment">The recording and, optionally, the segment of it.</param>
    /// <param name="dialogueId">Named in error messages when given.</param>
    /// <param name="utterance">Named in error messages when given.</param>
    /// <exception cref="Sure.Errors.SureDataException">The file is missing, unreadable, empty, truncated, of an unsupported
    /// format (or one that needs ffmpeg, absent), or the segment does not fit it.</exception>
    public static AudioClip Load(AudioSegment segment, string? dialogueId = null, int? utterance = null)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var origin = new AudioOrigin(string.IsNullOrEmpty(segment.Path) ? "(no path)" : segment.Path, dialogueId, utterance);
        if (string.IsNullOrWhiteSpace(segment.Path)) throw origin.Error("the utterance names no audio file.");
        if (Directory.Exists(segment.Path)) throw origin.Error("the audio path is a folder, not a file.");
        if (!File.Exists(segment.Path)) throw origin.Error("the audio file does not exist.");

        FileStream stream;
        try { stream = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw origin.Error($"the audio file cannot be read: {e.Message}", e);
        }
        using (stream)
            return Read(stream, segment.Path, origin, segment.Start, segment.End);
    }

    /// <summary>
    /// An uploaded file's <paramref name="bytes"/> decoded, mixed to mono and at 16 kHz. WAV, MP3 and Ogg Vorbis are
    /// recognised by their first bytes and read in process; anything else is handed to ffmpeg (through a temporary
    /// file) when it is installed.
    /// </summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="name">The upload's name, used in error messages only.</param>
    /// <param name="dialogueId">Named in error messages when given.</param>
    /// <param name="utterance">Named in error messages when given.</param>
    /// <exception cref="Sure.Errors.SureDataException">The bytes are empty, unreadable, truncated, or of an unsupported
    /// format (or one that needs ffmpeg, absent).</exception>
    public static AudioClip Decode(byte[] bytes, string name, string? dialogueId = null, int? utterance = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var origin = new AudioOrigin(string.IsNullOrEmpty(name) ? "(upload)" : name, dialogueId, utterance);
        using var stream = new MemoryStream(bytes, writable: false);
        return Read(stream, null, origin, null, null);
    }

    // path: the file on disk (for ffmpeg), or null for an upload held in memory.
    private static AudioClip Read(Stream stream, string? path, AudioOrigin origin, double? start, double? end)
    {
        long length;
        Span<byte> head = stackalloc byte[AudioFormatSniffer.HeaderLength];
        int got;
        try
        {
            length = stream.Length;
            if (length == 0) throw origin.Error("the audio file is empty (0 bytes).");
            got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            stream.Position = 0;
        }
        catch (IOException e)
        {
            throw origin.Error($"the audio file cannot be read: {e.Message}", e);
        }
        var format = AudioFormatSniffer.Sniff(head[..got]);
        var described = AudioFormatSniffer.Describe(format);

        switch (format)
        {
            case AudioFormat.Wav:
            {
                using var wav = WavReader.Open(stream, origin, out var unsupported);
                if (wav is null)
                {
                    stream.Position = 0;
                    return ViaFfmpeg(stream, path, unsupported!, origin, start, end);
                }
                return SegmentCutter.Cut(wav.Frames, wav.SampleRate, wav.ReadMono, start, end, origin);
            }
            case AudioFormat.Mp3:
                return InProcessOrFfmpeg(stream, path, described, origin, start, end, Mp3Decoder.Decode);
            case AudioFormat.OggVorbis:
                return InProcessOrFfmpeg(stream, path, described, origin, start, end, VorbisDecoder.Decode);
            case AudioFormat.Unknown when !FfmpegAvailable:
                throw origin.Error("not a recognised audio format: WAV, MP3 and Ogg Vorbis are read directly; " +
                                   $"other formats need ffmpeg {FfmpegDecoder.InstallHint}.");
            default:
                return ViaFfmpeg(stream, path, format == AudioFormat.Unknown ? null : described, origin, start, end);
        }
    }

    // MP3 and Ogg Vorbis are decoded in process. When that fails (e.g. AAC behind an ID3 tag, a stream NLayer or NVorbis
    // rejects) and ffmpeg is installed, ffmpeg gets a try; if it fails too, the in-process decoder's error is reported.
    private static AudioClip InProcessOrFfmpeg(Stream stream, string? path, string described, AudioOrigin origin, double? start,
                                               double? end, Func<Stream, AudioOrigin, DecodedAudio> decode)
    {
        DecodedAudio audio;
        try
        {
            audio = decode(stream, origin);
            if (audio.Samples.Length == 0 && audio.Truncated is null) throw origin.Error($"the {described} file holds no audio samples.");
        }
        catch (SureDataException first) when (FfmpegAvailable)
        {
            WavReader fallback;
            try
            {
                stream.Position = 0;
                fallback = OpenViaFfmpeg(stream, path, described, origin);
            }
            catch (SureDataException)
            {
                throw first;
            }
            using (fallback) return SegmentCutter.Cut(fallback.Frames, fallback.SampleRate, fallback.ReadMono, start, end, origin);
        }
        return Whole(audio, described, origin, start, end);
    }

    private static AudioClip ViaFfmpeg(Stream stream, string? path, string? described, AudioOrigin origin, double? start, double? end)
    {
        using var wav = OpenViaFfmpeg(stream, path, described, origin);
        return SegmentCutter.Cut(wav.Frames, wav.SampleRate, wav.ReadMono, start, end, origin);
    }

    // ffmpeg's decoding of the file (path) or upload (stream, through a temporary file): 32-bit float WAV at the source's
    // rate and channels, in memory, opened to be read like any WAV.
    private static WavReader OpenViaFfmpeg(Stream stream, string? path, string? described, AudioOrigin origin)
    {
        if (!FfmpegAvailable)
            throw origin.Error($"the file is {described ?? "not a recognised audio format"}; reading it needs ffmpeg {FfmpegDecoder.InstallHint}.");
        MemoryStream wavBytes;
        if (path is not null) wavBytes = FfmpegDecoder.Decode(path, described, origin);
        else
        {
            var temp = Path.Combine(Path.GetTempPath(), $"sure-audio-{Guid.NewGuid():N}");
            try
            {
                try
                {
                    using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
                    stream.CopyTo(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw origin.Error($"the upload could not be written to a temporary file for ffmpeg: {e.Message}", e);
                }
                wavBytes = FfmpegDecoder.Decode(temp, described, origin);
            }
            finally
            {
                try { File.Delete(temp); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort */ }
            }
        }
        return WavReader.Open(wavBytes, origin, out var unsupported)
               ?? throw origin.Error($"unreadable ({described ?? "format not recognised"}): ffmpeg wrote {unsupported}.");
    }

    private static AudioClip Whole(DecodedAudio audio, string described, AudioOrigin origin, double? start, double? end)
    {
        var x = audio.Samples;
        if (audio.Truncated is not null) throw origin.Error(audio.Truncated);
        if (x.Length == 0) throw origin.Error($"the {described} file holds no audio samples.");
        for (var i = 0; i < x.Length; i++)
            if (!float.IsFinite(x[i]))
                throw origin.Error($"decoded sample {x[i]} at {i / (double)audio.SampleRate:0.######} s: samples must be finite.");
        return SegmentCutter.Cut(x.Length, audio.SampleRate, (first, count) => x.AsSpan((int)first, count).ToArray(), start, end, origin);
    }
}
