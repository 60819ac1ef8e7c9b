namespace Sure.Audio.Tests.Decoding;

/// <summary>A fact that is skipped, with a message, when there is no ffmpeg on the PATH.</summary>
public sealed class FfmpegFactAttribute : FactAttribute
{
    public const string AbsentMessage = "no ffmpeg on the PATH: test skipped (Debian: apt-get install ffmpeg).";

    public FfmpegFactAttribute()
    {
        if (!AudioDecoder.FfmpegAvailable) Skip = AbsentMessage;
    }
}
