using System.Diagnostics;

namespace Sure.Audio.Tests.Decoding;

/// <summary>Runs ffmpeg to make test files (only in tests marked <see cref="FfmpegFactAttribute"/>).</summary>
public static class Ffmpeg
{
    /// <summary>Runs <c>ffmpeg -y -hide_banner -loglevel error</c> with <paramref name="args"/>; fails the test on error.</summary>
    public static void Run(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-nostdin", "-y", "-hide_banner", "-loglevel", "error" }.Concat(args)) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ffmpeg {string.Join(' ', args)} failed: {err.Result}");
    }
}
