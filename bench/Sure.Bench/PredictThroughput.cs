using System.Diagnostics;
using System.Globalization;
using Sure.FrontEnds;
using Sure.Inference;
using Sure.Text;
using Sure.Text.Bert;
using TorchSharp;

namespace Sure.Bench;

/// <summary>
/// Turns per second of prediction (issue 26) with a model file over a pretrained text front end, in one process, rounds
/// interleaved: the front end's sentence encoder alone on every turn's text (the encoder's own speed, its batches sorted
/// by length over all turns), <see cref="SurePredictor.Predict"/> one conversation at a time (what <c>sure predict</c>
/// did before), and <see cref="SurePredictor.PredictMany"/> over the whole input in passes of <c>batch</c> turns (what it
/// does now; <c>--batch-turns</c>). Each rate is the median of its rounds, per wall second and per second of the process's
/// CPU time (steadier on a shared machine); the load average is printed after each round:
///   dotnet run -c Release --project bench/Sure.Bench -- predict-throughput model=runs/x/model.sure data=test.csv
///       [threads=1] [batch=512] [repeats=3]
/// Results: docs/benchmarks.md.
/// </summary>
public static class PredictThroughput
{
    public static int Run(string[] args)
    {
        var s = new Dictionary<string, string> { ["model"] = "", ["data"] = "", ["threads"] = "1", ["batch"] = "512", ["repeats"] = "3" };
        if (!BenchArgs.TryRead("predict-throughput", args, s)) return 2;
        int threads = int.Parse(s["threads"], CultureInfo.InvariantCulture), batch = int.Parse(s["batch"], CultureInfo.InvariantCulture);
        int repeats = int.Parse(s["repeats"], CultureInfo.InvariantCulture);
        torch.set_num_threads(threads);
        var catalog = PretrainedTextFrontEnds.Register(CoreFrontEnds.AddTo(FrontEndCatalog.Empty));
        var conversations = ConversationReader.Read(s["data"]).Select(c => c with { Turns = [.. c.Turns.Select(t => t with { Label = null })] }).ToList();
        int turns = conversations.Sum(c => c.Turns.Count);
        using var predictor = SurePredictor.Open(s["model"], new PredictorOptions(threads, catalog, batch));
        using var encoder = new OnnxSentenceEncoder(PretrainedTextModel.Get(predictor.TextFrontEnd), threads: threads);
        var texts = conversations.SelectMany(c => c.Turns.Select(t => t.Text)).ToList();
        predictor.Predict(conversations[0]); // warm-up
        encoder.Encode(texts.Take(64).ToList());
        Console.WriteLine($"predict-throughput: {Path.GetFileName(s["model"])} ({predictor.TextFrontEnd}), {conversations.Count} conversations, {turns} turns of {s["data"]}; " +
            $"{threads} thread(s), batch {batch} turns; median of {repeats}; {Environment.ProcessorCount} cores.");
        var paths = new (string Name, Action Work)[]
        {
            ("encoder alone", () => encoder.Encode(texts)),
            ("one conversation at a time", () => { foreach (var c in conversations) predictor.Predict(c); }),
            ("batched (PredictMany)", () => predictor.PredictMany(conversations)),
        };
        var wall = paths.ToDictionary(p => p.Name, _ => new List<double>());
        var cpu = paths.ToDictionary(p => p.Name, _ => new List<double>());
        var loads = new List<string>();
        for (int r = 0; r < repeats; r++)
        {
            foreach (var (name, work) in paths)
            {
                var (w, c) = Time(work);
                wall[name].Add(turns / w);
                cpu[name].Add(turns / c);
            }
            if (File.Exists("/proc/loadavg")) loads.Add(File.ReadAllText("/proc/loadavg").Split(' ')[0]);
        }
        Console.WriteLine($"load average (1 min) after each round: {string.Join(", ", loads)}");
        Console.WriteLine("| path | turns/s (median) | rounds | turns per CPU-second (median) | rounds |");
        Console.WriteLine("|---|---:|---|---:|---|");
        static string Median(List<double> x) => x.Order().ElementAt(x.Count / 2).ToString("F0", CultureInfo.InvariantCulture);
        static string All(List<double> x) => string.Join(", ", x.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));
        foreach (var (name, _) in paths)
            Console.WriteLine($"| {name} | {Median(wall[name])} | {All(wall[name])} | {Median(cpu[name])} | {All(cpu[name])} |");
        return 0;
    }

    /// <summary>Wall seconds and the process's CPU seconds of <paramref name="work"/> (the latter leaves out waiting for a core).</summary>
    private static (double Wall, double Cpu) Time(Action work)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        work();
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalSeconds);
    }
}
