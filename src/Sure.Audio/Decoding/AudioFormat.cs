namespace Sure.Audio;

/// <summary>A container/codec recognised from a file's first bytes (<see cref="AudioFormatSniffer"/>).</summary>
internal enum AudioFormat
{
    /// <summary>Nothing recognised: ffmpeg may still read it.</summary>
    Unknown,
    /// <summary>RIFF or RF64 WAVE: read in process (NAudio).</summary>
    Wav,
    /// <summary>MPEG-1/2 layer III (or an ID3v2 tag in front of one): read in process (NLayer).</summary>
    Mp3,
    /// <summary>Ogg with a Vorbis stream: read in process (NVorbis).</summary>
    OggVorbis,
    /// <summary>Ogg with an Opus stream: ffmpeg.</summary>
    OggOpus,
    /// <summary>Ogg with another codec (FLAC, Speex, …): ffmpeg.</summary>
    OggOther,
    /// <summary>ISO base media (MP4, M4A, MOV, 3GP): ffmpeg.</summary>
    Mp4,
    /// <summary>Native FLAC: ffmpeg.</summary>
    Flac,
    /// <summary>Matroska or WebM: ffmpeg.</summary>
    Matroska,
    /// <summary>AAC in ADTS frames: ffmpeg.</summary>
    AdtsAac,
    /// <summary>AIFF or AIFF-C: ffmpeg.</summary>
    Aiff,
    /// <summary>Big-endian RIFX WAVE, Sony Wave64 and other WAV variants NAudio does not read: ffmpeg.</summary>
    OtherWav,
}
