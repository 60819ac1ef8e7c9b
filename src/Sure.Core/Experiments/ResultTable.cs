using Sure.IO;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sure.Reporting;
using Sure.Configuration;

namespace Sure.Experiments;

/// <summary>
/// The experiment's results table (shaped like the paper's Tables 2 and 3): one row per variant with test accuracy,
/// weighted F1 and UAR as mean ± sample std (n − 1) over seeds, the number of runs, SynthERC ceilings when known, the
/// model selection protocol, the commands that produced it and the total compute time (sum of train_seconds). Under
/// cross-validation (runs whose result.json has "cv") a row's metrics are mean ± std over folds, with pooled metrics
/// over every held-out prediction and one line per fold (<see cref="CvSummary"/>; docs/cross-validation.md).
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

    /// <summary>Always answering the most frequent training class, from the runs' result.json (null when none records
    /// it): the class(es) and its test accuracy and weighted F1, mean over those runs (one value when every run has the
    /// same test split; under cross-validation the folds differ).</summary>
    public MajoritySummary? Majority { get; init; }

    /// <summary>The no-context baseline measured in this experiment: of the variants whose model reads each utterance
    /// alone (<c>model</c> linear or mlp), the one with the best mean validation weighted F1; null when there is none.</summary>
    public string? NoContextVariant { get; init; }

    /// <summary>Aggregates the complete result.json files of a grid's runs (incomplete or missing runs are left out and counted).</summary>
    public static ResultTable FromGrid(ExperimentGrid grid, IReadOnlyList<string>? commands = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var found = new List<(string Variant, RunResult Result)>();
        foreach (var run in grid.Runs)
            if (RunResult.TryRead(run.RunDir, out _) is { } r) found.Add((run.Variant, r));
        var expected = grid.Variants.ToDictionary(v => v.Name, v => grid.Runs.Count(r => r.Variant == v.Name));
        var descriptions = grid.Variants.ToDictionary(v => v.Name, v => v.Description);
        var noContext = grid.Runs.Where(r => ReadsUtterancesAlone(r.Config.Model)).Select(r => r.Variant).ToHashSet(StringComparer.Ordinal);
        return Aggregate(found, grid.Variants.Select(v => v.Name).ToArray(), expected, descriptions, commands,
            grid.BaseConfig.Protocol.ToString().ToLowerInvariant(), noContext);
    }

    /// <summary>Aggregates whatever complete runs lie under &lt;out&gt;/&lt;variant&gt;/seed-*/result.json and, cross-validated,
    /// &lt;out&gt;/&lt;variant&gt;/seed-*/fold-*/result.json ("full" first, then by name).</summary>
    public static ResultTable FromDirectory(string outDir, IReadOnlyList<string>? commands = null)
    {
        var found = new List<(string, RunResult)>();
        var noContext = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(outDir))
            foreach (var vdir in Directory.GetDirectories(outDir))
                foreach (var sdir in Directory.GetDirectories(vdir, "seed-*"))
                {
                    if (ModelOf(sdir) is { } model && ReadsUtterancesAlone(model)) noContext.Add(Path.GetFileName(vdir));
                    if (RunResult.TryRead(sdir, out _) is { } r) found.Add((Path.GetFileName(vdir), r));
                    foreach (var fdir in Directory.GetDirectories(sdir, "fold-*"))
                        if (RunResult.TryRead(fdir, out _) is { } rf && rf.Cv is not null) found.Add((Path.GetFileName(vdir), rf));
                }
        var order = found.Select(f => f.Item1).Distinct().OrderBy(v => v == "full" ? 0 : 1).ThenBy(v => v, StringComparer.Ordinal).ToArray();
        return Aggregate(found, order, null, null, commands, null, noContext);
    }

    /// <summary>Whether a model of this kind reads each utterance alone, with no dialogue context (linear, mlp).</summary>
    public static bool ReadsUtterancesAlone(string model) => model is "linear" or "mlp";

    /// <summary>The "model" of a run folder's config.json; null when it cannot be read.</summary>
    private static string? ModelOf(string runDir)
    {
        try
        {
            var path = Path.Combine(runDir, Runs.RunFolder.ConfigFile);
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))?["model"]?.GetValue<string>() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Aggregates (variant, result) pairs into rows in <paramref name="variantOrder"/> (variants with no result get an
    /// empty row). <paramref name="expected"/> gives the planned number of runs per variant (seeds, or seeds × folds
    /// under cross-validation; default: what was found). A variant whose results carry "cv" gets a
    /// <see cref="CvSummary"/> and fold-level means (see <see cref="ResultRow"/>).
    /// </summary>
    public static ResultTable Aggregate(IEnumerable<(string Variant, RunResult Result)> runs, IReadOnlyList<string> variantOrder,
        IReadOnlyDictionary<string, int>? expected = null, IReadOnlyDictionary<string, string>? descriptions = null,
        IReadOnlyList<string>? commands = null, string? defaultProtocol = null, IReadOnlyCollection<string>? noContextVariants = null)
    {
        var list = runs.ToList();
        var rows = new List<ResultRow>();
        foreach (var variant in variantOrder)
        {
            var rs = list.Where(r => r.Variant == variant).Select(r => r.Result).OrderBy(r => r.Seed).ThenBy(r => r.Cv?.Fold ?? 0).ToList();
            var ceil = rs.Where(r => r.Ceiling is not null).Select(r => r.Ceiling!).ToList();
            var enc = rs.Select(r => r.TextEncoder).Where(t => t?.Test is not null).Select(t => t!).ToList();
            var cv = CrossValidated(rs);
            // without cross-validation, one value per seed; with it, one per fold (the mean of the fold's seeds)
            MeanStd Over(Func<RunResult, double?> metric) => cv is null ? Complete(rs, metric) : OverFolds(rs, metric);
            rows.Add(new ResultRow(
                variant,
                descriptions is not null && descriptions.TryGetValue(variant, out var d) ? d : null,
                rs.Count,
                expected is not null && expected.TryGetValue(variant, out var e) ? e : rs.Count,
                rs.Select(r => r.Seed).Distinct().ToArray(),
                Over(r => r.Test.Accuracy),
                Over(r => r.Test.WeightedF1),
                Over(r => r.Test.MacroF1),
                Over(r => r.Test.Uar),
                ceil.Count > 0 ? ceil.Average(c => c.BayesAccuracy) : null,
                ceil.Count > 0 ? ceil.Average(c => c.NoContextAccuracy) : null,
                rs.Sum(r => r.TrainSeconds),
                enc.Count == 0 ? null : new EncoderRow(enc.Count, MeanStd.Of(enc.Select(t => t.Test!.Accuracy).ToArray()),
                    MeanStd.Of(enc.Select(t => t.Test!.WeightedF1).ToArray()), enc.Average(t => t.SecondsPerEpoch)),
                cv,
                ceil.Count > 0 && ceil.All(c => c.CausalAccuracy is not null) ? ceil.Average(c => c.CausalAccuracy!.Value) : null));
        }
        var majority = list.Select(r => r.Result.MajorityBaseline).OfType<Evaluation.MajorityBaseline>().ToList();
        // the no-context baseline: chosen on validation, like every other choice here
        var noContext = noContextVariants is null ? null : list.Where(r => noContextVariants.Contains(r.Variant)).GroupBy(r => r.Variant)
            .Select(g => (Variant: g.Key, Valid: g.Average(r => r.Result.Valid.WeightedF1))).OrderByDescending(x => x.Valid).Select(x => x.Variant).FirstOrDefault();
        var datasets = list.Select(r => r.Result.Dataset).Distinct().ToArray();
        var protocols = list.Select(r => r.Result.Protocol).Distinct().ToArray();
        return new ResultTable(
            datasets.Length switch { 0 => "–", 1 => datasets[0], _ => string.Join(", ", datasets) },
            protocols.Length switch { 0 => defaultProtocol ?? "–", 1 => protocols[0], _ => "mixed: " + string.Join(", ", protocols) },
            rows,
            commands ?? [],
            list.Sum(r => r.Result.TrainSeconds),
            list.Count,
            rows.Sum(r => r.Expected))
        {
            Majority = majority.Count == 0 ? null : new MajoritySummary(majority.Select(m => m.ClassName).Distinct().ToArray(), majority.Count,
                majority.Average(m => m.Test.Accuracy), majority.Average(m => m.Test.WeightedF1)),
            NoContextVariant = noContext,
        };
    }

    /// <summary>Mean ± std of a metric over runs; no value (N = 0) when some run lacks it (a result.json from before the
    /// metric was recorded), rather than a mean over a different set of runs.</summary>
    private static MeanStd Complete(IReadOnlyList<RunResult> runs, Func<RunResult, double?> metric)
    {
        var values = runs.Select(metric).ToList();
        return values.Any(v => v is null) ? new MeanStd(double.NaN, null, 0) : MeanStd.Of(values.Select(v => v!.Value).ToArray());
    }

    /// <summary>Mean ± std over folds of each fold's mean over its seeds.</summary>
    private static MeanStd OverFolds(IReadOnlyList<RunResult> runs, Func<RunResult, double?> metric)
    {
        var perFold = runs.Where(r => r.Cv is not null).GroupBy(r => r.Cv!.Fold).OrderBy(g => g.Key).Select(g => Complete(g.ToList(), metric)).ToList();
        return perFold.Any(m => m.N == 0) ? new MeanStd(double.NaN, null, 0) : MeanStd.Of(perFold.Select(m => m.Mean).ToArray());
    }

    /// <summary>The cross-validation summary of a variant's runs, or null when none of them is cross-validated.</summary>
    private static CvSummary? CrossValidated(IReadOnlyList<RunResult> runs)
    {
        var cvRuns = runs.Where(r => r.Cv is not null).ToList();
        if (cvRuns.Count == 0) return null;
        int folds = cvRuns.Max(r => r.Cv!.Folds);
        var groupings = cvRuns.Select(r => r.Cv!.Grouping).Distinct().ToArray();
        var foldRows = new List<CvFoldRow>();
        for (int f = 1; f <= folds; f++)
        {
            var fr = cvRuns.Where(r => r.Cv!.Fold == f).ToList();
            foldRows.Add(new CvFoldRow(f, fr.FirstOrDefault()?.Cv!.TestGroups ?? [], fr.Count,
                Complete(fr, r => r.Test.Accuracy), Complete(fr, r => r.Test.WeightedF1), Complete(fr, r => r.Test.Uar)));
        }
        var pooled = new List<Evaluation.ClassificationReport>();
        foreach (var seed in cvRuns.GroupBy(r => r.Seed))
            if (Pooled(seed.ToList(), folds) is { } report) pooled.Add(report);
        MeanStd P(Func<Evaluation.ClassificationReport, double> metric) => MeanStd.Of(pooled.Select(r => 100 * metric(r)).ToArray());
        return new CvSummary(string.Join(", ", groupings), folds, foldRows, pooled.Count,
            P(r => r.Accuracy), P(r => r.WeightedF1), P(r => r.MacroF1), P(r => r.Uar));
    }

    /// <summary>
    /// The metrics of one seed's held-out predictions over all its folds: the sum of the folds' test confusion matrices
    /// (each utterance is in exactly one fold's test split). Null unless folds 1..<paramref name="folds"/> are all there
    /// with confusion matrices of one shape.
    /// </summary>
    private static Evaluation.ClassificationReport? Pooled(IReadOnlyList<RunResult> seedRuns, int folds)
    {
        var byFold = seedRuns.GroupBy(r => r.Cv!.Fold).ToDictionary(g => g.Key, g => g.First());
        if (Enumerable.Range(1, folds).Any(f => !byFold.ContainsKey(f))) return null;
        var first = byFold[1].Test;
        int c = first.Confusion.Length;
        if (c == 0) return null;
        var sum = new int[c][];
        for (int i = 0; i < c; i++) sum[i] = new int[c];
        for (int f = 1; f <= folds; f++)
        {
            var m = byFold[f].Test.Confusion;
            if (m.Length != c || m.Any(row => row.Length != c)) return null;
            for (int i = 0; i < c; i++)
                for (int j = 0; j < c; j++) sum[i][j] += m[i][j];
        }
        var names = first.PerClass.Count == c ? first.PerClass.Keys.ToArray() : Enumerable.Range(0, c).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return sum.Sum(row => row.Sum()) == 0 ? null : Evaluation.Metrics.FromConfusion(sum, names);
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
                ["uar"] = Ms(r.Uar),
                ["train_seconds"] = r.TrainSeconds,
            };
            if (r.Cv is { } cv)
                o["cv"] = new JsonObject
                {
                    ["grouping"] = cv.Grouping,
                    ["folds"] = cv.Folds,
                    ["pooled"] = new JsonObject
                    {
                        ["seeds"] = cv.PooledSeeds,
                        ["accuracy"] = Ms(cv.PooledAccuracy),
                        ["weighted_f1"] = Ms(cv.PooledWeightedF1),
                        ["macro_f1"] = Ms(cv.PooledMacroF1),
                        ["uar"] = Ms(cv.PooledUar),
                    },
                    ["fold_rows"] = new JsonArray(cv.FoldRows.Select(f => (JsonNode)new JsonObject
                    {
                        ["fold"] = f.Fold,
                        ["test_groups"] = new JsonArray(f.TestGroups.Select(g => (JsonNode)g).ToArray()),
                        ["runs"] = f.Runs,
                        ["accuracy"] = Ms(f.Accuracy),
                        ["weighted_f1"] = Ms(f.WeightedF1),
                        ["uar"] = Ms(f.Uar),
                    }).ToArray()),
                };
            if (r.Encoder is { } e)
                o["text_encoder_alone"] = new JsonObject { ["runs"] = e.Runs, ["accuracy"] = Ms(e.Accuracy), ["weighted_f1"] = Ms(e.WeightedF1), ["seconds_per_epoch"] = e.SecondsPerEpoch };
            if (r.BayesAccuracy is not null)
                o["ceiling"] = new JsonObject { ["bayes_accuracy"] = r.BayesAccuracy, ["no_context_accuracy"] = r.NoContextAccuracy, ["causal_accuracy"] = r.CausalAccuracy };
            rows.Add(o);
        }
        var root = new JsonObject
        {
            ["dataset"] = Dataset,
            ["protocol"] = Protocol,
            ["std"] = Rows.Any(r => r.Cv is not null)
                ? "sample standard deviation (n - 1); null for a single value. Row metrics: over folds, each fold's value the mean over its seeds; cv.pooled: over seeds, each seed's value from all its held-out predictions; cv.fold_rows: over seeds"
                : "sample standard deviation over seeds (n - 1); null for a single run",
            ["metrics"] = "test split, percent",
            ["runs_complete"] = RunsComplete,
            ["runs_expected"] = RunsExpected,
            ["total_train_seconds"] = TotalTrainSeconds,
            ["commands"] = new JsonArray(Commands.Select(c => (JsonNode)c).ToArray()),
            ["rows"] = rows,
        };
        var baselines = new JsonObject();
        if (Majority is { } m)
            baselines["majority"] = new JsonObject
            {
                ["classes"] = new JsonArray(m.Classes.Select(c => (JsonNode)c).ToArray()), ["runs"] = m.Runs,
                ["test_accuracy"] = m.TestAccuracy, ["test_weighted_f1"] = m.TestWeightedF1,
            };
        if (NoContextVariant is { } nc && Rows.FirstOrDefault(r => r.Variant == nc) is { } b)
            baselines["no_context"] = new JsonObject { ["variant"] = nc, ["weighted_f1"] = Ms(b.WeightedF1), ["accuracy"] = Ms(b.Accuracy) };
        root["baselines"] = baselines;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The "Baselines" section of table.md: the majority class (when the runs record it) and the no-context
    /// baseline: measured by a no-context variant of this experiment (each row's gain over it), exact on SynthERC
    /// (the table's ceiling column), or a line saying how to measure one.</summary>
    private string BaselinesMarkdown(bool ceilings)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("## Baselines\n\n");
        if (Majority is { } m)
            sb.Append($"- Majority class: always {string.Join(" / ", m.Classes.Select(c => $"'{ReportWriter.Cell(c)}'"))} (the most frequent training class): test accuracy {m.TestAccuracy.ToString("F2", inv)}, "
                + $"weighted F1 {m.TestWeightedF1.ToString("F2", inv)}{(m.Runs > 1 ? $" (mean over {m.Runs.ToString(inv)} runs)" : "")}. A row at or below it has learned nothing useful.\n");
        var baseline = NoContextVariant is null ? null : Rows.FirstOrDefault(r => r.Variant == NoContextVariant && r.WeightedF1.N > 0);
        if (baseline is not null)
        {
            var gains = Rows.Where(r => r != baseline && r.WeightedF1.N > 0)
                .Select(r => $"{ReportWriter.Cell(r.Variant)} {(r.WeightedF1.Mean - baseline.WeightedF1.Mean).ToString("+0.00;−0.00;0.00", inv)}").ToList();
            sb.Append($"- No context, measured: variant {ReportWriter.Cell(baseline.Variant)} reads each utterance alone (same data and seeds; of the no-context variants, the best on validation): "
                + $"test weighted F1 {baseline.WeightedF1.Format()}.{(gains.Count > 0 ? $" Gain from context (test weighted F1 minus it): {string.Join(", ", gains)}." : "")}\n");
        }
        if (ceilings) sb.Append("- No context, exact: the no-context ceiling column (SynthERC's true model, each utterance alone).\n");
        else if (baseline is null)
            sb.Append("- No context: not measured in this experiment; add the variant linear (or mlp), which reads each utterance alone, to the variant list to measure one on the same data and seeds.\n");
        return sb.Append('\n').ToString();
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

    /// <summary>table.md: the results table with its protocol, compute time and commands; under cross-validation also the
    /// pooled metrics and a table of folds.</summary>
    public string ToMarkdown()
    {
        bool ceilings = Rows.Any(r => r.BayesAccuracy is not null);
        bool causal = Rows.Any(r => r.CausalAccuracy is not null);
        bool descriptions = Rows.Any(r => r.Description is not null);
        bool encoders = Rows.Any(r => r.Encoder is not null);
        var cvRows = Rows.Where(r => r.Cv is not null).ToList();
        bool cv = cvRows.Count > 0;
        var sb = new StringBuilder();
        sb.Append("# Results\n\n");
        if (!cv)
        {
            sb.Append($"Dataset: {ReportWriter.Cell(Dataset)}. Test-split metrics in percent, mean ± sample standard deviation (n − 1) over seeds; ");
            sb.Append("a single run shows no ±. UAR: unweighted average recall (mean recall over the classes present in the test split).\n\n");
        }
        else
        {
            var groupings = string.Join(", ", cvRows.Select(r => r.Cv!.Grouping).Distinct().Select(DescribeGrouping));
            sb.Append($"Dataset: {ReportWriter.Cell(Dataset)}. Cross-validation, {ReportWriter.Cell(groupings)} (see docs/cross-validation.md): each fold's test ");
            sb.Append("split is its held-out groups, its model chosen on validation groups of the other folds; the data's own splits are not used. ");
            sb.Append("Metrics in percent. Accuracy, weighted F1 and UAR (unweighted average recall): mean ± sample standard deviation (n − 1) ");
            sb.Append("over folds, each fold's value the mean over its seeds. Pooled: the metrics of all held-out predictions of a seed together ");
            sb.Append("(every utterance predicted once), mean ± std over seeds. n: runs (seeds × folds).\n\n");
        }
        sb.Append($"Model selection protocol: **{Protocol}**");
        sb.Append(Protocol == "paper" ? " (best epoch chosen on the test split, as the reference code does: optimistic).\n\n"
                : Protocol == "validation" ? " (best epoch chosen on the validation split).\n\n" : ".\n\n");
        sb.Append("| variant |");
        if (descriptions) sb.Append(" change |");
        sb.Append(" accuracy | weighted F1 | UAR |");
        if (cv) sb.Append(" pooled accuracy | pooled weighted F1 | pooled UAR |");
        sb.Append(" n |");
        if (ceilings) sb.Append(causal ? " Bayes ceiling | causal ceiling | no-context ceiling |" : " Bayes ceiling | no-context ceiling |");
        if (encoders) sb.Append(" text encoder alone: accuracy | weighted F1 | s/epoch |");
        sb.Append('\n').Append("|---|");
        if (descriptions) sb.Append("---|");
        sb.Append("---:|---:|---:|");
        if (cv) sb.Append("---:|---:|---:|");
        sb.Append("---:|");
        if (ceilings) sb.Append(causal ? "---:|---:|---:|" : "---:|---:|");
        if (encoders) sb.Append("---:|---:|---:|");
        sb.Append('\n');
        foreach (var r in Rows)
        {
            sb.Append($"| {ReportWriter.Cell(r.Variant)} |");
            if (descriptions) sb.Append($" {ReportWriter.Cell(r.Description ?? "")} |");
            sb.Append($" {r.Accuracy.Format()} | {r.WeightedF1.Format()} | {r.Uar.Format()} |");
            if (cv) sb.Append(r.Cv is { } c ? $" {c.PooledAccuracy.Format()} | {c.PooledWeightedF1.Format()} | {c.PooledUar.Format()} |" : " | | |");
            sb.Append($" {r.Runs.ToString(CultureInfo.InvariantCulture)}");
            if (r.Runs != r.Expected) sb.Append($" of {r.Expected.ToString(CultureInfo.InvariantCulture)}");
            sb.Append(" |");
            if (ceilings) sb.Append(causal ? $" {ReportWriter.Pct(r.BayesAccuracy)} | {ReportWriter.Pct(r.CausalAccuracy)} | {ReportWriter.Pct(r.NoContextAccuracy)} |"
                                           : $" {ReportWriter.Pct(r.BayesAccuracy)} | {ReportWriter.Pct(r.NoContextAccuracy)} |");
            if (encoders) sb.Append(r.Encoder is { } e ? $" {e.Accuracy.Format()} | {e.WeightedF1.Format()} | {e.SecondsPerEpoch.ToString("F0", CultureInfo.InvariantCulture)} |" : " | | |");
            sb.Append('\n');
        }
        sb.Append('\n');
        if (encoders) sb.Append("Text encoder alone: the fine-tuned encoder + its linear head, each utterance on its own (no dialogue model), test split; s/epoch is its mean fine-tuning epoch.\n\n");
        sb.Append(BaselinesMarkdown(ceilings));
        if (cv)
        {
            sb.Append("## Folds\n\nTest metrics of each fold (its held-out groups), mean ± sample standard deviation over seeds.\n\n");
            sb.Append("| variant | fold | held out | accuracy | weighted F1 | UAR | seeds |\n|---|---:|---|---:|---:|---:|---:|\n");
            foreach (var r in cvRows)
                foreach (var f in r.Cv!.FoldRows)
                    sb.Append($"| {ReportWriter.Cell(r.Variant)} | {f.Fold.ToString(CultureInfo.InvariantCulture)} | {ReportWriter.Cell(HeldOut(f.TestGroups))} | ")
                      .Append($"{f.Accuracy.Format()} | {f.WeightedF1.Format()} | {f.Uar.Format()} | {f.Runs.ToString(CultureInfo.InvariantCulture)} |\n");
            sb.Append('\n');
            foreach (var r in cvRows.Where(r => r.Cv!.PooledSeeds < r.Seeds.Count))
                sb.Append($"{ReportWriter.Cell(r.Variant)}: pooled over {r.Cv!.PooledSeeds.ToString(CultureInfo.InvariantCulture)} of {r.Seeds.Count.ToString(CultureInfo.InvariantCulture)} seeds (the others lack folds).\n\n");
        }
        sb.Append($"Runs complete: {RunsComplete} of {RunsExpected}. Total compute (sum of training time): {FormatDuration(TotalTrainSeconds)}.\n\n");
        if (Commands.Count > 0)
        {
            sb.Append("Produced by:\n\n```\n");
            foreach (var c in Commands) sb.Append(c).Append('\n');
            sb.Append("```\n");
        }
        return sb.ToString();
    }

    /// <summary>"speaker:5" → "5 folds by speaker (cv speaker:5)", naming the setting by its configuration key; a value that does not parse is shown as it is.</summary>
    private static string DescribeGrouping(string grouping)
    {
        try
        {
            return $"{CvGrouping.Parse(grouping).Describe()} (cv {grouping})";
        }
        catch (Errors.SureUserException)
        {
            return grouping;
        }
    }

    /// <summary>A fold's held-out groups for a table cell: all of them up to 6, else the first 5 and a count.</summary>
    private static string HeldOut(IReadOnlyList<string> groups) => groups.Count <= 6
        ? string.Join(", ", groups)
        : $"{string.Join(", ", groups.Take(5))} and {(groups.Count - 5).ToString(CultureInfo.InvariantCulture)} more";

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

/// <summary>The majority-class baseline over an experiment's runs (percent).</summary>
/// <param name="Classes">the class answered (one, unless folds or variants differ in their training split).</param>
/// <param name="Runs">runs that record it.</param>
/// <param name="TestAccuracy">mean test accuracy of always answering it.</param>
/// <param name="TestWeightedF1">mean test weighted F1 of always answering it.</param>
public sealed record MajoritySummary(IReadOnlyList<string> Classes, int Runs, double TestAccuracy, double TestWeightedF1);
