using System.Diagnostics;
using System.Globalization;
using Sure.FrontEnds;
using Sure.Inference;
using Sure.Text;
using Sure.Text.Bert;
using TorchSharp;

namespace Sure.Bench;

/// <summary>
/// Prediction under forced garbage collections (docs/native-compat.md, "TorchSharp Scalars and the background GC"): a
/// TorchSharp Scalar made implicitly from a number (the 1 in <c>t - 1</c>) is unreachable once its handle is passed to
/// libtorch, so a collection that another thread triggers during the native call can finalize it under libtorch's feet
/// ("Unknown scalar type", or a wrong constant). This runs <c>workers</c> threads of <see cref="SurePredictor.Predict"/>
/// on fixed conversations while one more thread collects and runs finalizers in a loop, and counts the failures and the
/// predictions that differ from a reference made first on one thread without it:
///   dotnet run -c Release --project bench/Sure.Bench -- gc-hammer model=runs/x/model.sure [workers=3] [seconds=30] [mode=whole|stream]
/// mode=stream labels each conversation turn by turn from cached state (<see cref="SurePredictor.OpenStream"/>, a causal
/// model only) instead of whole (<see cref="SurePredictor.Predict"/>).
/// Exit code 1 when any prediction failed or differed.
/// </summary>
public static class GcHammer
{
    private static readonly string[] Words = ["yes", "no", "i", "am", "so", "angry", "happy", "sorry", "thanks", "why", "the", "card", "was", "charged", "twice", "great", "sad", "oh", "really", "help"];

    public static int Run(string[] args)
    {
        var s = new Dictionary<string, string> { ["model"] = "", ["workers"] = "3", ["seconds"] = "30", ["mode"] = "whole" };
        if (!BenchArgs.TryRead("gc-hammer", args, s)) return 2;
        int workers = int.Parse(s["workers"], CultureInfo.InvariantCulture);
        double seconds = double.Parse(s["seconds"], CultureInfo.InvariantCulture);
        torch.set_num_threads(1);
        var catalog = PretrainedTextFrontEnds.Register(CoreFrontEnds.AddTo(FrontEndCatalog.Empty));
        using var predictor = SurePredictor.Open(s["model"], new PredictorOptions(1, catalog));
        var rng = new Random(1);
        var conversations = Enumerable.Range(0, 8).Select(c => new Conversation($"c{c}", Enumerable.Range(0, 6 + c).Select(i =>
            new Turn(i % 2 == 0 ? "A" : "B", string.Join(' ', Enumerable.Range(0, 2 + rng.Next(12)).Select(_ => Words[rng.Next(Words.Length)])))).ToList())).ToList();
        if (s["mode"] is not ("whole" or "stream")) { Console.Error.WriteLine($"gc-hammer: mode is whole or stream, not '{s["mode"]}'."); return 2; }
        Func<Conversation, IReadOnlyList<TurnPrediction>> predict = s["mode"] == "whole" ? predictor.Predict : c =>
        {
            using var stream = predictor.OpenStream(c.Id);
            return c.Turns.Select(stream.Append).ToList();
        };
        var reference = conversations.Select(predict).ToList();

        long done = 0, failed = 0, differed = 0, collections = 0;
        var firstError = "";
        var sites = new Dictionary<string, int>();
        var stop = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            torch.set_num_threads(1);
            int k = w;
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                int at = k++ % conversations.Count;
                try
                {
                    var got = predict(conversations[at]);
                    var want = reference[at];
                    bool same = got.Zip(want).All(p => p.First.Label == p.Second.Label
                        && p.First.Probabilities.All(kv => Math.Abs(kv.Value - p.Second.Probabilities[kv.Key]) < 1e-5));
                    if (!same) Interlocked.Increment(ref differed);
                }
                catch (Exception e)
                {
                    if (Interlocked.Increment(ref failed) == 1) firstError = e.GetType().Name + ": " + e.Message.Split('\n')[0];
                    var site = (e.StackTrace ?? "").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at Sure.", StringComparison.Ordinal)) ?? "?";
                    lock (sites) sites[site] = sites.GetValueOrDefault(site) + 1;
                }
                Interlocked.Increment(ref done);
            }
        })).ToList();
        var hammer = new Thread(() =>
        {
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                collections++;
                _ = new byte[1000]; // keep allocating between collections
            }
        });
        foreach (var t in threads) t.Start();
        hammer.Start();
        foreach (var t in threads) t.Join();
        hammer.Join();
        Console.WriteLine($"gc-hammer: {Path.GetFileName(s["model"])}, {s["mode"]}, {workers} workers, {seconds} s: {done} predictions, {failed} failed, {differed} differed from the reference; {collections} forced collections.{(failed > 0 ? " First failure: " + firstError : "")}");
        foreach (var (site, n) in sites.OrderByDescending(kv => kv.Value)) Console.WriteLine($"  {n,5} × {site}");
        return failed + differed > 0 ? 1 : 0;
    }
}
