using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sure.Bench;

/// <summary>
/// Speed benchmark (a command, not a test): training throughput, peak memory and model FLOP utilisation of SURE.
/// Each measurement runs in its own child process so that its peak memory is its own.
///   dotnet run -c Release --project bench/Sure.Bench [-- --out docs/benchmarks.json] [--quick]
/// </summary>
public static class BenchProgram
{
    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "child") return TrainingThroughput.RunChild(args[1..]);
        if (args.Length > 0 && args[0] == "diagnose") return ModuleDiagnostics.Run(args[1..]);
        if (args.Length > 0 && args[0] == "training-size-figure") return TrainingSizeFigure.Run(args[1..]);
        if (args.Length > 0 && args[0] == "run-memory") return RunMemory.Run(args[1..]);
        bool quick = args.Contains("--quick");
        string? outPath = ArgValue(args, "--out");
        var cases = new List<BenchCase>
        {
            new("small", 256, 4, 4, 50),
            new("small", 256, 4, 8, 50),
            new("small", 256, 4, 16, 50),
            new("reference", 1024, 8, 4, 50),
            new("reference", 1024, 8, 8, 50),
        };
        if (quick) cases = [new("small", 256, 4, 4, 20)];
        var results = new JsonArray();
        Console.WriteLine($"{"size",-10} {"hidden",6} {"batch",5} {"len",4} {"utt/s",9} {"step ms",8} {"GFLOP/s",8} {"GEMM GFLOP/s",12} {"MFU %",6} {"peak MiB",9} {"params",11}");
        foreach (var c in cases)
        {
            var json = RunInChild(c, quick ? 2 : c.Hidden >= 1024 ? 3 : 6);
            results.Add(json);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name,-10} {c.Hidden,6} {c.Batch,5} {c.Length,4} {(double)json["utterances_per_second"]!,9:F1} {(double)json["step_ms"]!,8:F1} {(double)json["model_gflops_per_second"]!,8:F1} {(double)json["gemm_gflops_per_second"]!,12:F1} {(double)json["mfu_percent"]!,6:F1} {(double)json["peak_mib"]!,9:F0} {(long)json["parameters"]!,11:N0}"));
        }
        if (outPath is not null)
        {
            var doc = new JsonObject
            {
                ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
                ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["results"] = results,
            };
            File.WriteAllText(outPath, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"wrote {outPath}");
        }
        return 0;
    }

    private static JsonObject RunInChild(BenchCase c, int steps)
    {
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(BenchProgram).Assembly.Location);
        foreach (var a in new[] { "child", c.Name, c.Hidden.ToString(CultureInfo.InvariantCulture), c.Heads.ToString(CultureInfo.InvariantCulture),
                     c.Batch.ToString(CultureInfo.InvariantCulture), c.Length.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"benchmark child failed for {c}: {output}");
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonNode.Parse(last)!.AsObject();
    }

    private static string? ArgValue(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

public sealed record BenchCase(string Name, int Hidden, int Heads, int Batch, int Length);
