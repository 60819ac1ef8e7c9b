using System.Diagnostics;

namespace Sure.Tests.Server;

/// <summary>Debian's chromium for browser tests: found on the PATH or, when missing and this process runs as root with
/// apt-get, installed once (apt-get update &amp;&amp; apt-get install -y chromium); otherwise a reason to skip.</summary>
public static class Chromium
{
    private static readonly Lazy<(string? Path, string? Why)> Found = new(Find);

    /// <summary>The browser's executable, or null when there is none.</summary>
    public static string? Path => Found.Value.Path;

    /// <summary>Why there is none (the skip message).</summary>
    public static string? Why => Found.Value.Why;

    private static (string?, string?) Find()
    {
        if ((Which("chromium") ?? Which("chromium-browser")) is { } found) return (found, null);
        if (!OperatingSystem.IsLinux() || Which("apt-get") is null)
            return (null, "no chromium on the PATH and no apt-get to install it: browser test skipped (install Debian's chromium package).");
        if (Environment.UserName != "root")
            return (null, "no chromium on the PATH and not root, so it cannot be installed here: browser test skipped (sudo apt-get install chromium).");
        var log = Run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium");
        return Which("chromium") is { } installed ? (installed, null)
            : (null, $"no chromium on the PATH and 'apt-get install chromium' did not bring it ({log}): browser test skipped.");
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => System.IO.Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static string Run(string command)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                p.Kill(entireProcessTree: true);
                return "timed out after 10 minutes";
            }
            var last = err.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            return $"exit {p.ExitCode}{(last is null ? "" : ": " + last)}";
        }
        catch (Exception e)
        {
            return e.Message;
        }
    }
}

/// <summary>A fact that needs chromium: skipped, with the reason, when it is missing and cannot be installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null) Skip = Chromium.Why;
    }
}
