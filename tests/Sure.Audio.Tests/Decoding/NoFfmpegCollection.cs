namespace Sure.Audio.Tests.Decoding;

/// <summary>
/// Runs its tests alone (no other test runs meanwhile), so that they can hide ffmpeg by emptying PATH for the process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NoFfmpegCollection
{
    public const string Name = "PATH without ffmpeg";
}
