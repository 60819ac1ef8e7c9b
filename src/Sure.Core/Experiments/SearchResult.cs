using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sure.IO;
using Sure.Reporting;

namespace Sure.Experiments;

/// <summary>One trial of a search: its overrides and its validation weighted F1 over the seeds that finished; its test
/// weighted F1 over the same runs is read only after the choice, to check the selection (<see cref="SearchResult.ValidTestSpearman"/>).</summary>
public sealed record SearchTrial(string Name, string Overrides, MeanStd ValidWeightedF1, MeanStd? TestWeightedF1 = null);

/// <summary>
/// The outcome of <c>sure tune</c>: every trial's validation score, the trial chosen on validation alone (highest mean
/// validation weighted F1; ties go to the earlier trial), and the chosen trial's test score, read once, at the end.
/// Written as tune.md and tune.json, with the chosen configuration as chosen-config.json (usable with --config).
/// </summary>
public sealed record SearchResult(IReadOnlyList<SearchTrial> Trials, SearchTrial? Chosen, MeanStd? ChosenTest, string Space)
{
    /// <summary>The trials that finished a run, with both scores.</summary>
    private IReadOnlyList<SearchTrial> Scored => [.. Trials.Where(t => t.ValidWeightedF1.N > 0 && t.TestWeightedF1 is { N: > 0 })];

    /// <summary>The selection check, read after the choice: Spearman's rank correlation between the trials' mean validation
    /// and mean test weighted F1 (over their search runs); null below 3 finished trials. Near 1: validation ranks
    /// configurations as test does; near 0: the choice is a draw.</summary>
    public double? ValidTestSpearman => RankCorrelation.Spearman([.. Scored.Select(t => t.ValidWeightedF1.Mean)], [.. Scored.Select(t => t.TestWeightedF1!.Mean)]);

    /// <summary>Where the chosen trial ranks on test among the finished trials (1 = best), read after the choice.</summary>
    public int? ChosenTestRank => Chosen?.TestWeightedF1 is { N: > 0 } c && Scored.Contains(Chosen) ? 1 + Scored.Count(t => t.TestWeightedF1!.Mean > c.Mean) : null;

    public const string MarkdownFileName = "tune.md";
    public const string JsonFileName = "tune.json";
    public const string ChosenConfigFileName = "chosen-config.json";

    /// <summary>Scores the search grid's finished runs. <paramref name="finalRuns"/>, when given, are the chosen
    /// configuration re-run with fresh seeds: their test scores are reported instead of the search runs'.</summary>
    public static SearchResult From(ExperimentGrid search, SearchSpace space, IReadOnlyList<ExperimentRun>? finalRuns = null)
    {
        var trials = search.Variants.Select(v =>
        {
            var results = search.Runs.Where(r => r.Variant == v.Name).Select(r => RunResult.TryRead(r.RunDir, out _)).OfType<RunResult>().ToList();
            return new SearchTrial(v.Name, v.Description, MeanStd.Of([.. results.Select(r => r.Valid.WeightedF1)]), MeanStd.Of([.. results.Select(r => r.Test.WeightedF1)]));
        }).ToList();
        var chosen = trials.Where(t => t.ValidWeightedF1.N > 0).OrderByDescending(t => t.ValidWeightedF1.Mean).FirstOrDefault();
        MeanStd? test = null;
        if (chosen is not null)
        {
            var runs = finalRuns ?? search.Runs.Where(r => r.Variant == chosen.Name).ToList();
            test = MeanStd.Of(runs.Select(r => RunResult.TryRead(r.RunDir, out _)).OfType<RunResult>().Select(r => r.Test.WeightedF1).ToList());
        }
        return new SearchResult(trials, chosen, test, space.ToString());
    }

    /// <param name="trainWith">how the application trains with a configuration file of this name (the CLI: <c>sure train
    /// --config NAME</c>), shown beside the chosen configuration; null: the file alone.</param>
    public string Markdown(string? chosenConfigPath, int finalSeeds, Func<string, string>? trainWith = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Hyper-parameter search (chosen on the validation split only)").AppendLine();
        sb.AppendLine($"Space: {Space}").AppendLine();
        sb.AppendLine("| trial | overrides | valid weighted F1 |").AppendLine("|---|---|---:|");
        foreach (var t in Trials.OrderByDescending(t => t.ValidWeightedF1.N > 0 ? t.ValidWeightedF1.Mean : double.MinValue))
            sb.AppendLine($"| {t.Name}{(t == Chosen ? " **(chosen)**" : "")} | {t.Overrides} | {t.ValidWeightedF1.Format()} |");
        sb.AppendLine();
        if (Chosen is null) { sb.AppendLine("No trial has finished yet."); return sb.ToString(); }
        sb.AppendLine($"Chosen: **{Chosen.Name}** ({Chosen.Overrides}), valid weighted F1 {Chosen.ValidWeightedF1.Format()}.");
        if (chosenConfigPath is not null)
            sb.AppendLine($"Its full configuration: `{Path.GetFileName(chosenConfigPath)}`{(trainWith is null ? "" : $" (`{trainWith(Path.GetFileName(chosenConfigPath))}`)")}.");
        sb.AppendLine();
        sb.AppendLine(finalSeeds > 0
            ? $"Test weighted F1 of the chosen configuration, {finalSeeds} fresh seeds (read once, after the choice): **{ChosenTest?.Format()}**"
            : $"Test weighted F1 of the chosen trial's runs (read once, after the choice): **{ChosenTest?.Format()}**");
        if (ValidTestSpearman is double rho)
        {
            sb.AppendLine();
            sb.AppendLine($"Selection check (test read after the choice): over the {Scored.Count} trials, the rank correlation (Spearman) between "
                + $"mean validation and mean test weighted F1 of their search runs is **ρ = {rho.ToString("F2", CultureInfo.InvariantCulture)}**; "
                + $"the chosen trial ranks {ChosenTestRank} of {Scored.Count} on test.");
            sb.AppendLine().AppendLine("| trial | valid weighted F1 | test weighted F1 |").AppendLine("|---|---:|---:|");
            foreach (var t in Scored.OrderByDescending(t => t.ValidWeightedF1.Mean))
                sb.AppendLine($"| {t.Name} | {t.ValidWeightedF1.Format()} | {t.TestWeightedF1!.Format()} |");
        }
        return sb.ToString();
    }

    /// <summary>Writes tune.md and tune.json into <paramref name="outDir"/>; returns the markdown's path.</summary>
    public string Write(string outDir, string? chosenConfigPath, int finalSeeds, Func<string, string>? trainWith = null)
    {
        var json = new JsonObject
        {
            ["space"] = Space,
            ["trials"] = new JsonArray(Trials.Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.Name, ["overrides"] = t.Overrides,
                ["valid_weighted_f1_mean"] = t.ValidWeightedF1.N > 0 ? Math.Round(t.ValidWeightedF1.Mean, 2) : null,
                ["seeds_done"] = t.ValidWeightedF1.N,
                ["test_weighted_f1_mean"] = t.TestWeightedF1 is { N: > 0 } tm ? Math.Round(tm.Mean, 2) : null,
            }).ToArray()),
            ["valid_test_spearman"] = ValidTestSpearman is double rho ? Math.Round(rho, 3) : null,
            ["chosen_test_rank"] = ChosenTestRank,
            ["chosen"] = Chosen?.Name,
            ["chosen_overrides"] = Chosen?.Overrides,
            ["test_weighted_f1_mean"] = ChosenTest is { N: > 0 } m ? Math.Round(m.Mean, 2) : null,
            ["test_weighted_f1_std"] = ChosenTest?.Std is double s ? Math.Round(s, 2) : null,
            ["test_runs"] = ChosenTest?.N ?? 0,
            ["test_from"] = finalSeeds > 0 ? "final runs with fresh seeds" : "the chosen trial's search runs",
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, JsonFileName), json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var md = Path.Combine(outDir, MarkdownFileName);
        AtomicFile.WriteAllText(md, Markdown(chosenConfigPath, finalSeeds, trainWith));
        return md;
    }
}
