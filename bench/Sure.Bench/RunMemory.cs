using System.Diagnostics;
using System.Globalization;
using Sure.Configuration;
using Sure.Data;
using Sure.Runs;
using TorchSharp;
using Sure.Loading;

namespace Sure.Bench;

/// <summary>
/// Whether finished runs give their memory back: many short training runs one after another in one process (as
/// <c>sure experiment</c> does), printing the resident set (VmRSS) and TorchSharp's live-tensor count after each:
///   dotnet run -c Release --project bench/Sure.Bench -- run-memory [runs=30] [hidden=256] [epochs=1]
/// Each run is a full <see cref="TrainingRun.Execute"/> (train, evaluate, figures as <c>sure</c> draws them) on a small SynthERC (40 training
/// dialogues) in a temporary folder deleted afterwards. No explicit garbage collection: what the process holds is
/// what an experiment would hold. Results: docs/benchmarks.md.
/// </summary>
public static class RunMemory
{
    public static int Run(string[] args)
    {
        int runs = 30, hidden = 256, epochs = 1;
        foreach (var kv in args)
        {
            int eq = kv.IndexOf('=');
            if (eq < 0 || !int.TryParse(kv[(eq + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < 1)
            {
                Console.Error.WriteLine($"run-memory: '{kv}': expected runs=N, hidden=N or epochs=N (N ≥ 1).");
                return 2;
            }
            switch (kv[..eq])
            {
                case "runs": runs = v; break;
                case "hidden": hidden = v; break;
                case "epochs": epochs = v; break;
                default: Console.Error.WriteLine($"run-memory: unknown setting '{kv[..eq]}'."); return 2;
            }
        }
        var config = new SureConfig
        {
            Hidden = hidden, Heads = 4, Epochs = epochs, BatchSize = 8, Threads = 1, Seed = 1,
            Synth = new SynthErcOptions { TrainDialogues = 40, ValidDialogues = 8, TestDialogues = 8, MaxLength = 30 },
        }.Validate();
        var data = DataSource.Load(config);
        var figures = new Sure.Reporting.RunFigures(Console.Error.WriteLine);
        var root = Path.Combine(Path.GetTempPath(), $"sure-run-memory-{Environment.ProcessId}");
        Console.WriteLine($"{runs} runs, hidden {hidden}, {epochs} epoch(s) each, SynthERC 40/8/8 dialogues, 1 thread.");
        Console.WriteLine("| run | VmRSS MiB | live tensors | s |");
        Console.WriteLine("|---:|---:|---:|---:|");
        Console.WriteLine($"| 0 | {Mib(TrainingThroughput.ResidentBytes())} | {DisposeScopeManager.Statistics.ThreadTotalLiveCount} | |");
        try
        {
            for (int i = 1; i <= runs; i++)
            {
                var sw = Stopwatch.StartNew();
                var dir = Path.Combine(root, $"run-{i}");
                TrainingRun.Execute(config with { Seed = i }, data.Fresh(), dir, figures: figures);
                Directory.Delete(dir, recursive: true);
                Console.WriteLine($"| {i} | {Mib(TrainingThroughput.ResidentBytes())} | {DisposeScopeManager.Statistics.ThreadTotalLiveCount} | {sw.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} |");
            }
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
        return 0;
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture);
}
