using System.Globalization;
using System.Text;
using Sure.Experiments;
using Sure.Reporting;

namespace Sure.Bench;

/// <summary>
/// Table and figure of a SynthERC learning curve over the training-set size, from a `sure experiment` folder whose
/// variants are named MODEL@nSIZE (e.g. sure@n600, bigru@n2400):
///   dotnet run -c Release --project bench/Sure.Bench -- training-size-figure EXPERIMENT_DIR OUT.png
/// Prints a markdown table (test accuracy mean ± std, gap to the exact Bayes ceiling) and writes the figure.
/// </summary>
public static class TrainingSizeFigure
{
    public static int Run(string[] args)
    {
        if (args.Length != 2) { Console.Error.WriteLine("usage: training-size-figure EXPERIMENT_DIR OUT.png"); return 2; }
        var runs = Directory.GetDirectories(args[0])
            .Where(d => Path.GetFileName(d).Contains("@n", StringComparison.Ordinal))
            .SelectMany(v => Directory.GetDirectories(v, "seed-*").Select(s => (Variant: Path.GetFileName(v), Result: RunResult.TryRead(s, out _))))
            .Where(r => r.Result is { Ceiling: not null })
            .Select(r => (Model: r.Variant[..r.Variant.IndexOf("@n", StringComparison.Ordinal)],
                          Size: int.Parse(r.Variant[(r.Variant.IndexOf("@n", StringComparison.Ordinal) + 2)..], CultureInfo.InvariantCulture), r.Result!))
            .ToList();
        if (runs.Count == 0) { Console.Error.WriteLine($"{args[0]}: no finished MODEL@nSIZE runs with SynthERC ceilings."); return 1; }
        var ceiling = runs[0].Item3.Ceiling!;
        var curves = runs.GroupBy(r => r.Model).Select(g => new TrainingSizeCurve(g.Key, g.GroupBy(r => r.Size).Select(s =>
        {
            var stats = MeanStd.Of(s.Select(r => r.Item3.Test.Accuracy).ToList());
            return new TrainingSizePoint(s.Key, stats.Mean, stats.Std ?? 0);
        }).OrderBy(p => p.Dialogues).ToList())).ToList();
        var sb = new StringBuilder();
        var sizes = runs.Select(r => r.Size).Distinct().Order().ToList();
        sb.AppendLine($"| test accuracy (gap to Bayes) | {string.Join(" | ", sizes.Select(s => $"{s} dialogues"))} |");
        sb.AppendLine($"|---|{string.Concat(sizes.Select(_ => "---:|"))}");
        foreach (var c in curves)
            sb.AppendLine($"| {c.Model} | {string.Join(" | ", sizes.Select(s => c.Points.FirstOrDefault(p => p.Dialogues == s) is { } p
                ? string.Create(CultureInfo.InvariantCulture, $"{p.Mean:F2} ({ceiling.BayesAccuracy - p.Mean:F2})") : "–"))} |");
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| exact Bayes / no-context ceiling | {string.Join(" | ", sizes.Select(_ => $"{ceiling.BayesAccuracy:F2} / {ceiling.NoContextAccuracy:F2}"))} |"));
        Console.Write(sb.ToString());
        Console.WriteLine($"wrote {Figures.AccuracyVsTrainingSize(curves, ceiling, args[1])}");
        return 0;
    }
}
