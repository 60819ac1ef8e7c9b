using Sure.IO;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sure.Reporting;

namespace Sure.Experiments;

/// <summary>
/// The experiment's results table (shaped like the paper's Tables 2 and 3): one row per variant with test accuracy and
/// weighted F1 as mean ± sample std (n − 1) over seeds, the number of runs, SynthERC ceilings when known, the model
/// selection protocol, the commands that produced it and the total compute time (sum of train_seconds).
/// Written as table.json and table.md.
/// </summary>
public sealed record ResultTable(
    string Dataset,
    string Protocol,
    IReadOnlyList<ResultRow> Rows,
    IReadOnlyList<string> Commands,
    double TotalTrainSeconds,
    int RunsComplete,
    int RunsExpected)
{
    public const string JsonFileName = "table.json";
    public const string MarkdownFileName = "table.md";

    /// <summary>Aggregates the complete result.json files of a grid's runs (incomplete or missing runs are left out and counted).</summary>
    public static ResultTable FromGrid(ExperimentGrid grid, IReadOnlyList<string>? commands = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var found = new List<(string Variant, RunResult Result)>();
        foreach (var run in grid.Runs)
            if (RunResult.TryRead(run.RunDir, out _) is { } r) found.Add((run.Variant, r));
        var expected = grid.Variants.ToDictionary(v => v.Name, _ => grid.Seeds.Count);
        var descriptions = grid.Variants.ToDictionary(v => v.Name, v => v.Description);
        return Aggregate(found, grid.Variants.Select(v => v.Name).ToArray(), expected, descriptions, commands,
            grid.BaseConfig.Protocol.ToString().ToLowerInvariant());
    }

    /// <summary>Aggregates whatever complete runs lie under &lt;out&gt;/&lt;variant&gt;/seed-*/result.json ("full" first, then by name).</summary>
    public static ResultTable FromDirectory(string outDir, IReadOnlyList<string>? commands = null)
    {
        var found = new List<(string, RunResult)>();
        if (Directory.Exists(outDir))
            foreach (var vdir in Directory.GetDirectories(outDir))
                foreach (var sdir in Directory.GetDirectories(vdir, "seed-*"))
                    if (RunResult.TryRead(sdir, out _) is { } r) found.Add((Path.GetFileName(vdir), r));
        var order = found.Select(f => f.Item1).Distinct().OrderBy(v => v == "full" ? 0 : 1).ThenBy(v => v, StringComparer.Ordinal).ToArray();
        return Aggregate(found, order, null, null, commands, null);
    }

    /// <summary>
    /// Aggregates (variant, result) pairs into rows in <paramref name="variantOrder"/> (variants with no result get an
    /// empty row). <paramref name="expected"/> gives the planned number of seeds per variant (default: what was found).
    /// </summary>
    public static ResultTable Aggregate(IEnumerable<(string Variant, RunResult Result)> runs, IReadOnlyList<string> variantOrder,
        IReadOnlyDictionary<string, int>? expected = null, IReadOnlyDictionary<string, string>? descriptions = null,
        IReadOnlyList<string>? commands = null, string? defaultProtocol = null)
    {
        var list = runs.ToList();
        var rows = new List<ResultRow>();
        foreach (var variant in variantOrder)
        {
            var rs = list.Where(r => r.Variant == variant).Select(r => r.Result).OrderBy(r => r.Seed).ToList();
            var ceil = rs.Where(r => r.Ceiling is not null).Select(r => r.Ceiling!).ToList();
            var enc = rs.Select(r => r.TextEncoder).Where(t => t?.Test is not null).Select(t => t!).ToList();
            rows.Add(new ResultRow(
                variant,
                descriptions is not null && descriptions.TryGetValue(variant, out var d) ? d : null,
                rs.Count,
                expected is not null && expected.TryGetValue(variant, out var e) ? e : rs.Count,
                rs.Select(r => r.Seed).ToArray(),
                MeanStd.Of(rs.Select(r => r.Test.Accuracy).ToArray()),
                MeanStd.Of(rs.Select(r => r.Test.WeightedF1).ToArray()),
                MeanStd.Of(rs.Select(r => r.Test.MacroF1).ToArray()),
                ceil.Count > 0 ? ceil.Average(c => c.BayesAccuracy) : null,
                ceil.Count > 0 ? ceil.Average(c => c.NoContextAccuracy) : null,
                rs.Sum(r => r.TrainSeconds),
                enc.Count == 0 ? null : new EncoderRow(enc.Count, MeanStd.Of(enc.Select(t => t.Test!.Accuracy).ToArray()),
                    MeanStd.Of(enc.Select(t => t.Test!.WeightedF1).ToArray()), enc.Average(t => t.SecondsPerEpoch))));
        }
        var datasets = list.Select(r => r.Result.Dataset).Distinct().ToArray();
        var protocols = list.Select(r => r.Result.Protocol).Distinct().ToArray();
        return new ResultTable(
            datasets.Length switch { 0 => "–", 1 => datasets[0], _ => string.Join(", ", datasets) },
            protocols.Length switch { 0 => defaultProtocol ?? "–", 1 => protocols[0], _ => "mixed: " + string.Join(", ", protocols) },
            rows,
            commands ?? [],
            list.Sum(r => r.Result.TrainSeconds),
            list.Count,
            rows.Sum(r => r.Expected));
    }

    /// <summary>table.json: every number unrounded, std null where undefined.</summary>
    public string ToJson()
    {
        static JsonObject Ms(MeanStd m) => new()
        {
            ["mean"] = m.N == 0 ? null : m.Mean,
            ["std"] = m.Std,
        };
        var rows = new JsonArray();
        foreach (var r in Rows)
        {
            var o = new JsonObject
            {
                ["variant"] = r.Variant,
                ["description"] = r.Description,
                ["runs"] = r.Runs,
                ["expected"] = r.Expected,
                ["seeds"] = new JsonArray(r.Seeds.Select(s => (JsonNode)s).ToArray()),
                ["accuracy"] = Ms(r.Accuracy),
                ["weighted_f1"] = Ms(r.WeightedF1),
                ["macro_f1"] = Ms(r.MacroF1),
                ["train_seconds"] = r.TrainSeconds,
            };
            if (r.Encoder is { } e)
                o["text_encoder_alone"] = new JsonObject { ["runs"] = e.Runs, ["accuracy"] = Ms(e.Accuracy), ["weighted_f1"] = Ms(e.WeightedF1), ["seconds_per_epoch"] = e.SecondsPerEpoch };
            if (r.BayesAccuracy is not null)
                o["ceiling"] = new JsonObject { ["bayes_accuracy"] = r.BayesAccuracy, ["no_context_accuracy"] = r.NoContextAccuracy };
            rows.Add(o);
        }
        var root = new JsonObject
        {
            ["dataset"] = Dataset,
            ["protocol"] = Protocol,
            ["std"] = "sample standard deviation over seeds (n - 1); null for a single run",
            ["metrics"] = "test split, percent",
            ["runs_complete"] = RunsComplete,
            ["runs_expected"] = RunsExpected,
            ["total_train_seconds"] = TotalTrainSeconds,
            ["commands"] = new JsonArray(Commands.Select(c => (JsonNode)c).ToArray()),
            ["rows"] = rows,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads the commands recorded in an existing table.json (empty when there is none or it is unreadable).</summary>
    public static IReadOnlyList<string> ReadCommands(string outDir)
    {
        var path = Path.Combine(outDir, JsonFileName);
        if (!File.Exists(path)) return [];
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["commands"]?.AsArray().Select(n => n?.GetValue<string>()).OfType<string>().ToArray() ?? [];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IOException)
        {
            return [];
        }
    }

    /// <summary>table.md: the results table with its protocol, compute time and commands.</summary>
    public string ToMarkdown()
    {
        bool ceilings = Rows.Any(r => r.BayesAccuracy is not null);
        bool descriptions = Rows.Any(r => r.Description is not null);
        bool encoders = Rows.Any(r => r.Encoder is not null);
        var sb = new StringBuilder();
        sb.Append("# Results\n\n");
        sb.Append($"Dataset: {ReportWriter.Cell(Dataset)}. Test-split metrics in percent, mean ± sample standard deviation (n − 1) over seeds; ");
        sb.Append("a single run shows no ±.\n\n");
        sb.Append($"Model selection protocol: **{Protocol}**");
        sb.Append(Protocol == "paper" ? " (best epoch chosen on the test split, as the reference code does: optimistic).\n\n"
                : Protocol == "validation" ? " (best epoch chosen on the validation split).\n\n" : ".\n\n");
        sb.Append("| variant |");
        if (descriptions) sb.Append(" change |");
        sb.Append(" accuracy | weighted F1 | n |");
        if (ceilings) sb.Append(" Bayes ceiling | no-context ceiling |");
        if (encoders) sb.Append(" text encoder alone: accuracy | weighted F1 | s/epoch |");
        sb.Append('\n').Append("|---|");
        if (descriptions) sb.Append("---|");
        sb.Append("---:|---:|---:|");
        if (ceilings) sb.Append("---:|---:|");
        if (encoders) sb.Append("---:|---:|---:|");
        sb.Append('\n');
        foreach (var r in Rows)
        {
            sb.Append($"| {ReportWriter.Cell(r.Variant)} |");
            if (descriptions) sb.Append($" {ReportWriter.Cell(r.Description ?? "")} |");
            sb.Append($" {r.Accuracy.Format()} | {r.WeightedF1.Format()} | {r.Runs.ToString(CultureInfo.InvariantCulture)}");
            if (r.Runs != r.Expected) sb.Append($" of {r.Expected.ToString(CultureInfo.InvariantCulture)}");
            sb.Append(" |");
            if (ceilings) sb.Append($" {ReportWriter.Pct(r.BayesAccuracy)} | {ReportWriter.Pct(r.NoContextAccuracy)} |");
            if (encoders) sb.Append(r.Encoder is { } e ? $" {e.Accuracy.Format()} | {e.WeightedF1.Format()} | {e.SecondsPerEpoch.ToString("F0", CultureInfo.InvariantCulture)} |" : " | | |");
            sb.Append('\n');
        }
        sb.Append('\n');
        if (encoders) sb.Append("Text encoder alone: the fine-tuned encoder + its linear head, each utterance on its own (no dialogue model), test split; s/epoch is its mean fine-tuning epoch.\n\n");
        sb.Append($"Runs complete: {RunsComplete} of {RunsExpected}. Total compute (sum of training time): {FormatDuration(TotalTrainSeconds)}.\n\n");
        if (Commands.Count > 0)
        {
            sb.Append("Produced by:\n\n```\n");
            foreach (var c in Commands) sb.Append(c).Append('\n');
            sb.Append("```\n");
        }
        return sb.ToString();
    }

    /// <summary>Writes table.json and table.md atomically into <paramref name="outDir"/>; returns their paths.</summary>
    public (string Json, string Markdown) Write(string outDir) =>
        (AtomicFile.WriteAllText(Path.Combine(outDir, JsonFileName), ToJson()),
         AtomicFile.WriteAllText(Path.Combine(outDir, MarkdownFileName), ToMarkdown()));

    /// <summary>"3 h 25 min 10 s" style.</summary>
    public static string FormatDuration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, seconds));
        var parts = new List<string>();
        if (t.TotalHours >= 1) parts.Add($"{(int)t.TotalHours} h");
        if (t.TotalMinutes >= 1) parts.Add($"{t.Minutes} min");
        parts.Add($"{t.Seconds} s");
        return string.Join(" ", parts) + $" ({seconds.ToString("0.0", CultureInfo.InvariantCulture)} s)";
    }
}
