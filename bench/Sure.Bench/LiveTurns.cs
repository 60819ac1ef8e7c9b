using System.Diagnostics;
using System.Globalization;
using Sure.Configuration;
using Sure.Data;
using Sure.Inference;
using Sure.Model;
using TorchSharp;

namespace Sure.Bench;

/// <summary>
/// Latency of one live turn (issue 15): a causal SURE model file with random weights reading IEMOCAP-shaped given
/// vectors (tav, 1024 / 1582 / 342 dims), one request at a time. For each k it times labelling the k-th turn of a
/// two-speaker conversation from cached state (<see cref="SurePredictor.OpenStream"/> → <see cref="CausalStream.Append"/>)
/// and, for comparison, re-predicting the whole conversation of k turns (<see cref="SurePredictor.Predict"/>, what a live
/// session without cached state has to do):
///   dotnet run -c Release --project bench/Sure.Bench -- live-turns [hidden=256,1024] [turns=1,10,100,400] [repeats=5] [threads=1] [layers=1]
/// Prints a markdown table of medians over the repeats (each repeat streams a fresh conversation). Results: docs/benchmarks.md.
/// </summary>
public static class LiveTurns
{
    private static readonly int[] Dims = [1024, 1582, 342];
    private static readonly string[] Classes = ["neutral", "happy", "sad", "angry", "excited", "frustrated"];

    public static int Run(string[] args)
    {
        var settings = new Dictionary<string, List<int>>
        {
            ["hidden"] = [256, 1024], ["turns"] = [1, 10, 100, 400], ["repeats"] = [5], ["threads"] = [1], ["layers"] = [1],
        };
        foreach (var kv in args)
        {
            int eq = kv.IndexOf('=');
            List<int>? values = null;
            try { values = kv[(eq + 1)..].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList(); } catch (FormatException) { }
            if (eq < 0 || !settings.ContainsKey(kv[..eq]) || values is null || values.Any(v => v < 1))
            {
                Console.Error.WriteLine($"live-turns: '{kv}': expected {string.Join(", ", settings.Keys.Select(k => k + "=N[,N…]"))} (N ≥ 1).");
                return 2;
            }
            settings[kv[..eq]] = values;
        }
        int repeats = settings["repeats"][0], threads = settings["threads"][0], layers = settings["layers"][0];
        var turns = settings["turns"].Order().ToList();
        torch.set_num_threads(threads);
        var dir = Directory.CreateTempSubdirectory("sure-live-turns-");
        try
        {
            Console.WriteLine($"live turns: causal SURE, tav {string.Join('/', Dims)}, {layers} gate layer(s), {threads} thread(s), median of {repeats} conversations; {Environment.ProcessorCount} cores.");
            Console.WriteLine("| hidden | turn k | cached state: ms for turn k | re-run of k turns: ms |");
            Console.WriteLine("|---:|---:|---:|---:|");
            foreach (var hidden in settings["hidden"]) Measure(hidden, layers, turns, repeats, dir.FullName);
            if (File.Exists("/proc/loadavg")) Console.WriteLine($"load average at the end (1, 5, 15 min): {string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
        return 0;
    }

    private static void Measure(int hidden, int layers, List<int> turns, int repeats, string dir)
    {
        var config = new SureConfig { Modalities = "tav", Hidden = hidden, Heads = hidden >= 1024 ? 8 : 4, Layers = layers, Context = ContextMode.Causal }.Validate();
        var path = Path.Combine(dir, $"live-{hidden}.sure");
        torch.random.manual_seed(1);
        using (var model = DialogueModels.Build(config.ModelOptions, Dims, Classes.Length)) ModelFile.Write(path, ModelFile.OfModel(config, Dims, Classes, model));
        using var predictor = SurePredictor.Open(path);
        int longest = turns[^1];
        var live = turns.ToDictionary(k => k, _ => new List<double>());
        var rerun = turns.ToDictionary(k => k, _ => new List<double>());
        // the streams first, then the re-runs (a re-run of 400 turns leaves the caches cold for whatever follows it)
        var calls = Enumerable.Range(-1, repeats + 1).Select(r => Conversation($"call-{r}", r < 0 ? Math.Min(longest, 20) : longest, seed: r + 2)).ToList();
        for (int r = -1; r < repeats; r++)   // r = -1: warm-up, not counted
        {
            using var stream = predictor.OpenStream(calls[r + 1].Id);
            foreach (var turn in calls[r + 1].Turns)
            {
                var sw = Stopwatch.StartNew();
                stream.Append(turn);
                if (r >= 0 && live.TryGetValue(stream.Count, out var times)) times.Add(sw.Elapsed.TotalMilliseconds);
            }
        }
        for (int r = -1; r < repeats; r++)
        {
            var call = calls[r + 1];
            foreach (var k in turns.Where(k => k <= call.Turns.Count))
            {
                var prefix = call with { Turns = call.Turns.Take(k).ToList() };
                var sw = Stopwatch.StartNew();
                predictor.Predict(prefix);
                if (r >= 0) rerun[k].Add(sw.Elapsed.TotalMilliseconds);
            }
        }
        foreach (var k in turns)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {hidden} | {k} | {Median(live[k]):F2} | {Median(rerun[k]):F1} |"));
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    /// <summary>Two speakers taking turns at random, random given vectors.</summary>
    private static Conversation Conversation(string id, int length, int seed)
    {
        var rng = new Random(seed);
        float[] Vector(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        return new Conversation(id, Enumerable.Range(0, length).Select(i => new Turn(rng.Next(2) == 0 ? "agent" : "caller", null, null,
            Modalities.All.ToDictionary(m => m.Name(), m => Vector(Dims[(int)m])))).ToList());
    }
}
