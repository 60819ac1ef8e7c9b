using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Sure.Tests.Packaging;

/// <summary>
/// The README's promise, checked as a user would meet it: `sure train` run twice with the same seed and the same
/// <c>--threads</c> on one machine gives identical metrics, also when other processes keep every core busy during the
/// second run (libtorch's scheduling changes under load; its summation order must not). Out of process, so the run
/// sets its thread count the way the CLI does, in a process of its own.
/// </summary>
[Collection(OutOfProcessBuildCollection.Name)]
public class DeterminismUnderLoadTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public void SameSeedAndThreadsGiveIdenticalMetricsWhileOtherProcessesKeepTheCoresBusy()
    {
        var work = Directory.CreateTempSubdirectory("sure-determinism-").FullName;
        try
        {
            var quiet = Train(Path.Combine(work, "quiet"));
            var busy = new List<Process>();
            try
            {
                for (int i = 0; i < Math.Max(2, Environment.ProcessorCount); i++) busy.Add(Spin());
                var loaded = Train(Path.Combine(work, "loaded"));
                Assert.All(busy, p => Assert.False(p.HasExited, "a competing process ended before the loaded run did"));
                foreach (var split in new[] { "valid", "test" })
                    Assert.Equal(quiet[split]!.ToJsonString(), loaded[split]!.ToJsonString());
                Assert.Equal(quiet["history"]?.ToJsonString(), loaded["history"]?.ToJsonString());
            }
            finally
            {
                foreach (var p in busy)
                {
                    try { p.Kill(); p.WaitForExit(); } catch (InvalidOperationException) { }
                    p.Dispose();
                }
            }
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>A small SynthERC run of the built CLI with two threads; returns its result.json with the wall-clock
    /// fields removed (losses and metrics stay).</summary>
    private static JsonObject Train(string outDir)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "sure.dll");
        Assert.True(File.Exists(cli), $"{cli} is missing (the test project references Sure.Cli)");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli, "train", "--synth-train", "48", "--synth-valid", "8", "--synth-test", "12", "--hidden", "32", "--heads", "2",
                     "--epochs", "3", "--threads", "2", "--seed", "3", "--out", outDir })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(RunTimeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"sure train did not finish in {RunTimeout.TotalMinutes} minutes");
        }
        Assert.True(p.ExitCode == 0, $"sure train exited with {p.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")))!.AsObject();
        var history = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "history.json")));
        Strip(history);
        result["history"] = history;
        return result;
    }

    /// <summary>Removes timing fields (seconds, elapsed…) wherever they are: they are the one thing load may change.</summary>
    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).Where(k => k.Contains("second", StringComparison.OrdinalIgnoreCase)
                             || k.Contains("time", StringComparison.OrdinalIgnoreCase) || k.Contains("elapsed", StringComparison.OrdinalIgnoreCase)
                             || k is "s" or "ms").ToList())
                    o.Remove(key);
                foreach (var kv in o) Strip(kv.Value);
                break;
            case JsonArray a:
                foreach (var item in a) Strip(item);
                break;
        }
    }

    /// <summary>A process that keeps one core busy until it is killed.</summary>
    private static Process Spin()
    {
        var psi = new ProcessStartInfo("sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("while :; do :; done");
        return Process.Start(psi)!;
    }
}
