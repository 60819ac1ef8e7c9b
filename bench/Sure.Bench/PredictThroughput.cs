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
/// does now; <c>--batch-turns</c>). Each rate is the median of its rounds; the load average is printed beside it:
///   dotnet run -c Release --project bench/Sure.Bench -- predict-throughput model=runs/x/model.sure data=test.csv
///       [threads=1] [batch=512] [repeats=3]
/// Results: docs/benchmarks.md.
/// </summary>
public static class PredictThroughput
{
    public static int Run(string[] args)
    {
        var s = new Dictionary<string, string> { ["model"] = "", ["data"] = "", ["threads"] = "1", ["batch"] = "512", ["repeats"] = "3" };
        foreach (var kv in args)
        {
            int eq = kv.IndexOf('=');
            if (eq < 0 || !s.ContainsKey(kv[..eq]))
            {
                Console.Error.WriteLine($"predict-throughput: '{kv}': expected {string.Join(", ", s.Keys.Select(k => k + "=…"))}.");
                return 2;
            }
            s[kv[..eq]] = kv[(eq + 1)..];
        }
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
        var rates = new Dictionary<string, List<double>> { ["encoder alone"] = [], ["one conversation at a time"] = [], ["batched (PredictMany)"] = [] };
        var loads = new List<string>();
        for (int r = 0; r < repeats; r++)
        {
            rates["encoder alone"].Add(turns / Time(() => encoder.Encode(texts)));
            rates["one conversation at a time"].Add(turns / Time(() => { foreach (var c in conversations) predictor.Predict(c); }));
            rates["batched (PredictMany)"].Add(turns / Time(() => predictor.PredictMany(conversations)));
            if (File.Exists("/proc/loadavg")) loads.Add(File.ReadAllText("/proc/loadavg").Split(' ')[0]);
        }
        Console.WriteLine("| path | turns/s (median) | rounds | load average (1 min) after each round |");
        Console.WriteLine("|---|---:|---|---|");
        foreach (var (name, list) in rates)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {list.Order().ElementAt(list.Count / 2):F0} | {string.Join(", ", list.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))} | {string.Join(", ", loads)} |"));
        return 0;
    }

    private static double Time(Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        return clock.Elapsed.TotalSeconds;
    }
}
