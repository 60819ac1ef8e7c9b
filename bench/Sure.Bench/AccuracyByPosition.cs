using System.Globalization;
using Sure.Data;
using Sure.Evaluation;
using Sure.Runs;
using Sure.Synth;

namespace Sure.Bench;

/// <summary>
/// Test accuracy of trained SynthERC runs by the utterance's position in its dialogue, beside the exact Bayes, causal
/// (filtering) and no-context ceilings of the same utterances (docs/model.md, "Why the causal SURE under-learned"):
///   dotnet run -c Release --project bench/Sure.Bench -- by-position RUN [RUN …]
/// </summary>
public static class AccuracyByPosition
{
    private static readonly (int From, int To)[] Buckets = [(1, 1), (2, 3), (4, 8), (9, 20), (21, int.MaxValue)];

    public static int Run(string[] args)
    {
        if (args.Length < 1) { Console.Error.WriteLine("usage: by-position RUN [RUN …]"); return 2; }
        bool ceilingsShown = false;
        foreach (var run in args)
        {
            using var predictor = Inference.SurePredictor.OpenRun(run);
            var (config, data) = RunData.Load(run, predictor);
            var bench = data.Synth ?? throw new ArgumentException($"{run}: not a SynthERC run");
            var test = data.Dataset.In(Split.Test).ToList();
            if (!ceilingsShown)
            {
                Console.WriteLine("| positions (1-based) | utterances | Bayes | causal | no context |");
                Console.WriteLine("|---|---:|---:|---:|---:|");
                var rows = Buckets.Select(_ => new int[4]).ToArray();
                foreach (var d in test)
                {
                    var bayes = SynthErcInference.Posteriors(bench.Model, d, Modalities.All);
                    var causal = SynthErcInference.FilteringPosteriors(bench.Model, d, Modalities.All);
                    var alone = SynthErcInference.NoContextPosteriors(bench.Model, d, Modalities.All);
                    for (int i = 0; i < d.Count; i++)
                    {
                        var r = rows[Bucket(i)];
                        int y = d.Utterances[i].Label;
                        r[0]++;
                        if (SynthErcInference.ArgMax(bayes[i]) == y) r[1]++;
                        if (SynthErcInference.ArgMax(causal[i]) == y) r[2]++;
                        if (SynthErcInference.ArgMax(alone[i]) == y) r[3]++;
                    }
                }
                for (int b = 0; b < Buckets.Length; b++)
                    Console.WriteLine($"| {Name(b)} | {rows[b][0]} | {Pct(rows[b][1], rows[b][0])} | {Pct(rows[b][2], rows[b][0])} | {Pct(rows[b][3], rows[b][0])} |");
                Console.WriteLine();
                ceilingsShown = true;
            }
            var output = predictor.Evaluate(test, data.Dataset.Source, 32);
            var counts = Buckets.Select(_ => new int[2]).ToArray();
            foreach (var u in output.Utterances)
            {
                counts[Bucket(u.Index)][0]++;
                if (u.Predicted == u.Gold) counts[Bucket(u.Index)][1]++;
            }
            Console.WriteLine($"{run} ({config.Model}, {config.Context.ToString().ToLowerInvariant()}): "
                + string.Join("  ", Enumerable.Range(0, Buckets.Length).Select(b => $"{Name(b)}: {Pct(counts[b][1], counts[b][0])}"))
                + $"  all: {Pct(counts.Sum(c => c[1]), counts.Sum(c => c[0]))}");
        }
        return 0;
    }

    private static int Bucket(int index) => Array.FindIndex(Buckets, b => index + 1 >= b.From && index + 1 <= b.To);
    private static string Name(int b) => Buckets[b].To == int.MaxValue ? $"{Buckets[b].From}+" : Buckets[b].From == Buckets[b].To ? $"{Buckets[b].From}" : $"{Buckets[b].From}–{Buckets[b].To}";
    private static string Pct(int k, int n) => (100.0 * k / Math.Max(1, n)).ToString("F2", CultureInfo.InvariantCulture);
}
