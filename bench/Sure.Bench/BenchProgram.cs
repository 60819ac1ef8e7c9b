using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sure.Bench;

/// <summary>
/// Speed benchmark (a command, not a test): SURE training steps timed per phase (collate, forward, backward, clip,
/// optimiser), with peak memory and model FLOP utilisation. Each case runs in its own child process so that its peak
/// memory is its own. "before" is the training step as it was (TorchSharp's AdamW, per-utterance collate), "after" the
/// current one (<c>InPlaceAdamW</c>, collate from the dataset's contiguous feature store).
///   dotnet run -c Release --project bench/Sure.Bench -- [--out FILE.json] [--hidden 256,1024] [--threads 1,2]
///       [--batch 4] [--setups before,after] [--steps N] [--quick]
/// </summary>
public static class BenchProgram
{
    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "child") return TrainingThroughput.RunChild(args[1..]);
        if (args.Length > 0 && args[0] == "diagnose") return ModuleDiagnostics.Run(args[1..]);
        if (args.Length > 0 && args[0] == "by-position") return AccuracyByPosition.Run(args[1..]);
        if (args.Length > 0 && args[0] == "training-size-figure") return TrainingSizeFigure.Run(args[1..]);
        if (args.Length > 0 && args[0] == "run-memory") return RunMemory.Run(args[1..]);
        if (args.Length > 0 && args[0] == "live-turns") return LiveTurns.Run(args[1..]);
        if (args.Length > 0 && args[0] == "encoder-throughput") return EncoderThroughput.Run(args[1..]);
        if (args.Length > 0 && args[0] == "encoder-epoch") return EncoderEpoch.Run(args[1..]);
        if (args.Length > 0 && args[0] == "serve-load") return ServeLoad.Run(args[1..]);
        if (args.Length > 0 && args[0] == "predict-throughput") return PredictThroughput.Run(args[1..]);
        if (args.Length > 0 && args[0] == "gc-hammer") return GcHammer.Run(args[1..]);
        if (args.Length > 0 && args[0] == "joint") return JointTraining.Run(args[1..]);
        bool quick = args.Contains("--quick");
        string? outPath = BenchArgs.Value(args, "--out");
        var hiddens = IntList(BenchArgs.Value(args, "--hidden") ?? (quick ? "256" : "256,1024"));
        var threads = IntList(BenchArgs.Value(args, "--threads") ?? (quick ? "1" : "1,2"));
        var batches = IntList(BenchArgs.Value(args, "--batch") ?? "4");
        var setups = (BenchArgs.Value(args, "--setups") ?? "before,after").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int? steps = BenchArgs.Value(args, "--steps") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : null;
        var cases = (from h in hiddens from b in batches from t in threads from setup in setups
                     select new BenchCase(h, h >= 1024 ? 8 : 4, b, 50, t, setup)).ToList();
        var results = new JsonArray();
        Console.WriteLine($"{"hidden",6} {"batch",5} {"thr",3} {"setup",-6} {"collate",8} {"forward",8} {"backward",8} {"clip",7} {"optim",7} {"step ms",8} {"utt/s",7} {"MFU %",6} {"peak MiB",9}");
        foreach (var c in cases)
        {
            var json = RunInChild(c, steps ?? (quick ? 2 : c.Hidden >= 1024 ? 3 : 6));
            results.Add(json);
            var ms = json["phase_ms"]!.AsObject();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Hidden,6} {c.Batch,5} {c.Threads,3} {c.Setup,-6} {(double)ms["collate"]!,8:F2} {(double)ms["forward"]!,8:F1} {(double)ms["backward"]!,8:F1} {(double)ms["clip"]!,7:F1} {(double)ms["optimizer"]!,7:F1} {(double)json["step_ms"]!,8:F1} {(double)json["utterances_per_second"]!,7:F1} {(double)json["mfu_percent"]!,6:F1} {(double)json["peak_mib"]!,9:F0}"));
        }
        if (outPath is not null)
        {
            var doc = new JsonObject
            {
                ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
                ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["command"] = "dotnet run -c Release --project bench/Sure.Bench -- " + string.Join(' ', args),
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
        foreach (var a in new[] { "child", c.Hidden.ToString(CultureInfo.InvariantCulture), c.Heads.ToString(CultureInfo.InvariantCulture),
                     c.Batch.ToString(CultureInfo.InvariantCulture), c.Length.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture),
                     c.Threads.ToString(CultureInfo.InvariantCulture), c.Setup })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"benchmark child failed for {c}: {output}");
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonNode.Parse(last)!.AsObject();
    }

    private static List<int> IntList(string s) =>
        s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToList();
}

/// <param name="Setup">"before" (TorchSharp AdamW, per-utterance collate) or "after" (InPlaceAdamW, contiguous collate).</param>
public sealed record BenchCase(int Hidden, int Heads, int Batch, int Length, int Threads, string Setup);
