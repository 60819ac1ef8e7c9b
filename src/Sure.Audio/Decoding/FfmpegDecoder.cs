using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sure.Audio;

/// <summary>
/// Formats not read in process (MP4/AAC, M4A, FLAC, WebM, Opus, …), decoded by the <c>ffmpeg</c> executable on the PATH
/// as a subprocess: <c>ffmpeg -i file -map 0:a:0 -c:a pcm_f32le -f wav -</c>, the first audio stream as 32-bit float WAV
/// at its own rate and channel count. The WAV is then read like any other (channels averaged, <see cref="Resampler"/>),
/// so every format is mixed and resampled the same way: ffmpeg's <c>-ac 1</c> would mix stereo as (L + R)/√2, not the
/// mean, and 5.1 without normalising.
/// </summary>
internal static partial class FfmpegDecoder
{
    /// <summary>The install hint every "needs ffmpeg" message ends with.</summary>
    public const string InstallHint = "(Debian: apt-get install ffmpeg)";

    /// <summary>The ffmpeg executable on the PATH, or null.</summary>
    public static string? Find()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "ffmpeg.exe", "ffmpeg" } : ["ffmpeg"];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                try
                {
                    var candidate = Path.Combine(dir.Trim('"'), name);
                    if (File.Exists(candidate)) return candidate;
                }
                catch (ArgumentException) { /* a malformed PATH entry */ }
            }
        }
        return null;
    }

    /// <summary>
    /// The file at <paramref name="path"/> decoded to a 32-bit float WAV (in memory). <paramref name="format"/> names the format in
    /// messages ("MP4", "FLAC", …; null when it was not recognised). A one-line data error when ffmpeg is absent, fails,
    /// or finds no audio.
    /// </summary>
    public static MemoryStream Decode(string path, string? format, AudioOrigin origin)
    {
        var label = format ?? "format not recognised";
        var ffmpeg = Find() ?? throw origin.Error($"the file is {label}; reading it needs ffmpeg {InstallHint}.");
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var a in new[] { "-nostdin", "-hide_banner", "-loglevel", "error", "-i", Path.GetFullPath(path),
                                  "-map", "0:a:0", "-vn", "-sn", "-dn", "-c:a", "pcm_f32le", "-f", "wav", "-" })
            start.ArgumentList.Add(a);

        using var process = new Process { StartInfo = start };
        try { process.Start(); }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw origin.Error($"ffmpeg ({ffmpeg}) could not be started to read the file ({label}): {e.Message}", e);
        }
        var wav = new MemoryStream();
        string stderr;
        try
        {
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(wav);
            process.WaitForExit();
            stderr = errors.GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            wav.Dispose();
            throw origin.Error($"unreadable ({label}): reading ffmpeg's output failed: {e.Message}", e);
        }
        finally
        {
            if (!process.HasExited)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* it has just exited */ }
            }
        }

        if (process.ExitCode != 0)
        {
            wav.Dispose();
            if (stderr.Contains("matches no streams", StringComparison.Ordinal))
                throw origin.Error($"no audio stream in the file ({label}).");
            var said = Summary(stderr, Path.GetFullPath(path), origin.Name);
            throw origin.Error($"unreadable ({label}): ffmpeg exited with {process.ExitCode}{(said.Length > 0 ? $": {said}" : ".")}");
        }
        wav.Position = 0;
        return wav;
    }

    // ffmpeg's error lines on one line (at most 300 characters), without the "[demuxer @ 0x…]" prefixes and the
    // input's path (the message names the file already; for an upload the path is a temporary file's).
    private static string Summary(string stderr, string input, string name)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => ComponentPrefix().Replace(l, "").Replace(input + ": ", "", StringComparison.Ordinal).Replace(input, name, StringComparison.Ordinal));
        var text = string.Join(" / ", lines);
        return text.Length <= 300 ? text : text[..297] + "...";
    }

    [GeneratedRegex(@"^\[[^\]]* @ 0x[0-9a-fA-F]+\]\s*")]
    private static partial Regex ComponentPrefix();
}
