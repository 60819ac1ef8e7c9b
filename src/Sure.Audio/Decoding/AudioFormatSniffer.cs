namespace Sure.Audio;

/// <summary>Recognises an audio file's format from its first bytes (never from its extension).</summary>
internal static class AudioFormatSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at (it copes with fewer).</summary>
    public const int HeaderLength = 64;

    /// <summary>The format <paramref name="head"/> (a file's first bytes) starts.</summary>
    public static AudioFormat Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && Is(head, 8, "WAVE") && (Is(head, 0, "RIFF") || Is(head, 0, "RF64"))) return AudioFormat.Wav;
        if (head.Length >= 12 && Is(head, 0, "RIFX")) return AudioFormat.OtherWav;
        if (head.Length >= 16 && Is(head, 0, "riff") && head[4] == 0x2E && head[5] == 0x91) return AudioFormat.OtherWav; // Wave64
        if (head.Length >= 4 && Is(head, 0, "OggS")) return SniffOgg(head);
        if (head.Length >= 8 && Is(head, 4, "ftyp")) return AudioFormat.Mp4;
        if (head.Length >= 4 && Is(head, 0, "fLaC")) return AudioFormat.Flac;
        if (head.Length >= 4 && head[0] == 0x1A && head[1] == 0x45 && head[2] == 0xDF && head[3] == 0xA3) return AudioFormat.Matroska;
        if (head.Length >= 12 && Is(head, 0, "FORM") && (Is(head, 8, "AIFF") || Is(head, 8, "AIFC"))) return AudioFormat.Aiff;
        if (head.Length >= 3 && Is(head, 0, "ID3")) return AudioFormat.Mp3;
        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)
        {
            var layer = (head[1] >> 1) & 0x3;
            if (layer == 0) return AudioFormat.AdtsAac;   // ADTS: the MPEG sync word with layer bits 00
            if (layer == 1) return AudioFormat.Mp3;       // layer III
        }
        return AudioFormat.Unknown;
    }

    /// <summary>A short name for messages: "WAV", "MP3", "MP4", ….</summary>
    public static string Describe(AudioFormat format) => format switch
    {
        AudioFormat.Wav => "WAV",
        AudioFormat.Mp3 => "MP3",
        AudioFormat.OggVorbis => "Ogg Vorbis",
        AudioFormat.OggOpus => "Ogg Opus",
        AudioFormat.OggOther => "Ogg (not Vorbis)",
        AudioFormat.Mp4 => "MP4",
        AudioFormat.Flac => "FLAC",
        AudioFormat.Matroska => "Matroska/WebM",
        AudioFormat.AdtsAac => "AAC (ADTS)",
        AudioFormat.Aiff => "AIFF",
        AudioFormat.OtherWav => "a WAV variant (RIFX/Wave64)",
        _ => "not a recognised audio format",
    };

    /// <summary>Whether the format is decoded in process (the others need ffmpeg).</summary>
    public static bool InProcess(AudioFormat format) =>
        format is AudioFormat.Wav or AudioFormat.Mp3 or AudioFormat.OggVorbis;

    // The first Ogg page's first packet names the codec: "\x01vorbis", "OpusHead", "\x7FFLAC", "Speex   ".
    private static AudioFormat SniffOgg(ReadOnlySpan<byte> head)
    {
        if (head.Length < 27) return AudioFormat.OggOther;
        var packet = 27 + head[26];
        if (head.Length >= packet + 7 && head[packet] == 0x01 && Is(head, packet + 1, "vorbis")) return AudioFormat.OggVorbis;
        if (head.Length >= packet + 8 && Is(head, packet, "OpusHead")) return AudioFormat.OggOpus;
        return AudioFormat.OggOther;
    }

    private static bool Is(ReadOnlySpan<byte> head, int at, string ascii)
    {
        if (head.Length < at + ascii.Length) return false;
        for (var i = 0; i < ascii.Length; i++)
            if (head[at + i] != (byte)ascii[i]) return false;
        return true;
    }
}
