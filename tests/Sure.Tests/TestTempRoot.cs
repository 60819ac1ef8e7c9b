using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Sure.Tests;

/// <summary>
/// Every temporary file the tests make (through <see cref="Path.GetTempPath"/>, which reads TMPDIR on Linux and macOS)
/// goes under one folder per test process, "sure-test-run-&lt;pid&gt;" in the system temp folder, deleted when the
/// process ends; the folders of test processes that were killed are deleted by the next run. Without it the suite left
/// its run folders, caches and checkpoints behind (hundreds of MB after a few runs).
/// </summary>
internal static class TestTempRoot
{
    private const string Prefix = "sure-test-run-";

#pragma warning disable CA2255 // a module initializer is the one hook that runs before any test of this assembly
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Redirect()
    {
        var system = Path.GetTempPath();
        RemoveLeftovers(system);
        var root = Path.Combine(system, Prefix + Environment.ProcessId);
        Directory.CreateDirectory(root);
        if (!OperatingSystem.IsWindows()) Environment.SetEnvironmentVariable("TMPDIR", root);
        // Sure's per-user cache (text features) and the CLI's SURE_CACHE go there too, not to the user's own cache.
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path.Combine(root, "xdg-cache"));
        Environment.SetEnvironmentVariable("SURE_CACHE", Path.Combine(root, "sure-cache"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
    }

    private static void RemoveLeftovers(string system)
    {
        foreach (var dir in Directory.GetDirectories(system, Prefix + "*"))
            if (int.TryParse(Path.GetFileName(dir)[Prefix.Length..], out var pid) && !IsRunning(pid))
                TryDelete(dir);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
