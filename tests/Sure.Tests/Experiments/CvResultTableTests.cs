using System.Text.Json.Nodes;
using Sure.Experiments;
using Sure.Reporting;
using Sure.Configuration;

namespace Sure.Tests.Experiments;

/// <summary>The results table of a cross-validated grid (fold rows, fold-level means, pooled metrics) and of old
/// result.json files without UAR, with expected values worked by hand.</summary>
public sealed class CvResultTableTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "sure-cvtable-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { try { Directory.Delete(_out, true); } catch (IOException) { } }

    private const double Tol = 1e-9;

    /// <summary>A fold's result over classes a, b with the given test confusion, accuracy and UAR (percent, as result.json has them).</summary>
    private static RunResult Fold(int seed, int fold, int[][] confusion, double acc, double uar) => new()
    {
        Dataset = "made-up",
        Protocol = "validation",
        Seed = seed,
        Variant = "full",
        Test = new SplitResult
        {
            Accuracy = acc, WeightedF1 = acc, MacroF1 = acc, Uar = uar, Confusion = confusion,
            PerClass = new() { ["a"] = new ClassResult(0, 0, 0, confusion[0].Sum()), ["b"] = new ClassResult(0, 0, 0, confusion[1].Sum()) },
        },
        Valid = new SplitResult { Accuracy = 50, WeightedF1 = 50 },
        TrainSeconds = 1,
        Cv = new CvFold { Grouping = "speaker", Fold = fold, Folds = 2, TestGroups = [fold == 1 ? "s1" : "s2"] },
    };

    // seed 1: fold 1 [[3,1],[0,0]] (acc 75, UAR 75: only a present)   fold 2 [[1,0],[2,2]] (acc 60, UAR (1 + 1/2)/2 = 75)
    // seed 2: fold 1 [[4,0],[0,0]] (acc 100, UAR 100)                   fold 2 [[0,1],[1,3]] (acc 60, UAR (0 + 3/4)/2 = 37.5)
    private static IEnumerable<(string, RunResult)> Grid() =>
    [
        ("full", Fold(1, 1, [[3, 1], [0, 0]], 75, 75)),
        ("full", Fold(1, 2, [[1, 0], [2, 2]], 60, 75)),
        ("full", Fold(2, 1, [[4, 0], [0, 0]], 100, 100)),
        ("full", Fold(2, 2, [[0, 1], [1, 3]], 60, 37.5)),
    ];

    [Fact]
    public void CrossValidatedRow_FoldMeans_AndPooledMetrics_HandWorked()
    {
        var table = ResultTable.Aggregate(Grid(), ["full"], new Dictionary<string, int> { ["full"] = 4 });
        var row = table.Rows[0];
        var cv = row.Cv!;
        Assert.Equal(("speaker", 2, 2), (cv.Grouping, cv.Folds, cv.PooledSeeds));
        Assert.Equal(new[] { 1, 2 }, row.Seeds);
        Assert.Equal((4, 4), (row.Runs, row.Expected));

        // fold rows: mean over seeds. fold 1 accuracy (75 + 100)/2 = 87.5, UAR (75 + 100)/2 = 87.5; fold 2 accuracy 60, UAR (75 + 37.5)/2 = 56.25
        Assert.Equal(new[] { "s1" }, cv.FoldRows[0].TestGroups);
        Assert.Equal(87.5, cv.FoldRows[0].Accuracy.Mean, Tol);
        Assert.Equal(87.5, cv.FoldRows[0].Uar.Mean, Tol);
        Assert.Equal(56.25, cv.FoldRows[1].Uar.Mean, Tol);
        Assert.Equal(2, cv.FoldRows[1].Runs);

        // the row: mean ± std over the fold means. accuracy (87.5 + 60)/2 = 73.75, std |87.5 − 60|/√2 = 27.5/√2;
        // UAR (87.5 + 56.25)/2 = 71.875, std 31.25/√2
        Assert.Equal(73.75, row.Accuracy.Mean, Tol);
        Assert.Equal(27.5 / Math.Sqrt(2), row.Accuracy.Std!.Value, Tol);
        Assert.Equal(71.875, row.Uar.Mean, Tol);
        Assert.Equal(31.25 / Math.Sqrt(2), row.Uar.Std!.Value, Tol);
        Assert.Equal(2, row.Uar.N);

        // pooled, seed 1: [[3,1],[0,0]] + [[1,0],[2,2]] = [[4,1],[2,2]] → accuracy 6/9; recall a 4/5, b 2/4 → UAR 65;
        //   F1 a = 2·4/(5+6) = 8/11, F1 b = 2·2/(4+3) = 4/7 → weighted (5·8/11 + 4·4/7)/9 = 456/693
        // pooled, seed 2: [[4,0],[0,0]] + [[0,1],[1,3]] = [[4,1],[1,3]] → accuracy 7/9; recall 4/5, 3/4 → UAR 77.5;
        //   F1 a = 8/10, F1 b = 6/8 → weighted (5·0.8 + 4·0.75)/9 = 7/9 = 539/693
        // over seeds: accuracy (6/9 + 7/9)/2 = 13/18; UAR (65 + 77.5)/2 = 71.25, std 12.5/√2; weighted F1 (456 + 539)/(2·693) = 995/1386
        Assert.Equal(100 * 13.0 / 18, cv.PooledAccuracy.Mean, Tol);
        Assert.Equal(71.25, cv.PooledUar.Mean, Tol);
        Assert.Equal(12.5 / Math.Sqrt(2), cv.PooledUar.Std!.Value, Tol);
        Assert.Equal(100 * 995.0 / 1386, cv.PooledWeightedF1.Mean, Tol);
        Assert.Equal(2, cv.PooledUar.N);

        var md = table.ToMarkdown();
        Assert.Contains("| variant | accuracy | weighted F1 | UAR | pooled accuracy | pooled weighted F1 | pooled UAR | n |", md);
        Assert.Contains("| full | 73.75 ± 19.45 | 73.75 ± 19.45 | 71.88 ± 22.10 | 72.22 ± 7.86 | 71.79 ± 8.47 | 71.25 ± 8.84 | 4 |", md);
        Assert.Contains("## Folds", md);
        Assert.Contains("| full | 2 | s2 | 60.00 ± 0.00 | 60.00 ± 0.00 | 56.25 ± 26.52 | 2 |", md);

        var json = JsonNode.Parse(table.ToJson())!;
        var jcv = json["rows"]![0]!["cv"]!;
        Assert.Equal(71.25, (double)jcv["pooled"]!["uar"]!["mean"]!, Tol);
        Assert.Equal(2, (int)jcv["pooled"]!["seeds"]!);
        Assert.Equal(2, jcv["fold_rows"]!.AsArray().Count);
        Assert.Equal("s1", (string)jcv["fold_rows"]![0]!["test_groups"]![0]!);
        Assert.Equal(71.875, (double)json["rows"]![0]!["uar"]!["mean"]!, Tol);
    }

    [Fact]
    public void PooledMetrics_LeaveOutSeedsWithMissingFolds()
    {
        // seed 3 has fold 1 only: its predictions do not cover the data, so it is not pooled (but its fold counts in the fold row)
        var runs = Grid().Append(("full", Fold(3, 1, [[2, 0], [0, 0]], 100, 100))).ToList();
        var table = ResultTable.Aggregate(runs, ["full"], new Dictionary<string, int> { ["full"] = 6 });
        var row = table.Rows[0];
        Assert.Equal(2, row.Cv!.PooledSeeds);
        Assert.Equal(71.25, row.Cv.PooledUar.Mean, Tol);
        Assert.Equal(3, row.Cv.FoldRows[0].Runs);
        Assert.Contains("pooled over 2 of 3 seeds", table.ToMarkdown());
        Assert.Contains("| 5 of 6 |", table.ToMarkdown());
    }

    [Fact]
    public void FromDirectory_FindsFoldFolders()
    {
        foreach (var (_, r) in Grid()) r.Write(ExperimentGrid.RunDir(_out, "full", r.Seed, r.Cv!.Fold));
        var table = ResultTable.FromDirectory(_out);
        Assert.Equal(4, table.Rows[0].Runs);
        Assert.Equal(71.25, table.Rows[0].Cv!.PooledUar.Mean, Tol);
    }

    [Fact]
    public void OldResultFiles_WithoutUar_AreRead_AndShowADash()
    {
        // a result.json written before UAR was recorded
        const string old = """
        {"dataset": "syntherc", "protocol": "validation", "seed": 1,
         "test": {"accuracy": 70.0, "weighted_f1": 68.0, "macro_f1": 60.0, "per_class": {}, "confusion": []},
         "valid": {"accuracy": 69.0, "weighted_f1": 67.0, "macro_f1": 59.0, "per_class": {}, "confusion": []},
         "best_epoch": 3, "epochs_run": 5, "train_seconds": 2.0}
        """;
        var r = RunResult.FromJson(old);
        Assert.Null(r.Test.Uar);
        Assert.Null(r.Cv);
        var withUar = r with { Seed = 2, Test = r.Test with { Uar = 65.5 } };

        var onlyOld = ResultTable.Aggregate([("full", r)], ["full"]);
        Assert.Equal(0, onlyOld.Rows[0].Uar.N);
        Assert.Contains("| full | 70.00 | 68.00 | – | 1 |", onlyOld.ToMarkdown());
        Assert.Null(JsonNode.Parse(onlyOld.ToJson())!["rows"]![0]!["uar"]!["mean"]);
        // mixed old and new: no mean over a different set of runs than the other columns
        Assert.Equal(0, ResultTable.Aggregate([("full", r), ("full", withUar)], ["full"]).Rows[0].Uar.N);
        Assert.Equal(65.5, ResultTable.Aggregate([("full", withUar)], ["full"]).Rows[0].Uar.Mean, Tol);
        Assert.Contains("| 70.00 | 68.00 | 60.00 | – |", ReportWriter.MetricsTable(r.Test));
    }
    [Fact]
    public void RunnerAndShards_TreatEachFoldAsARun()
    {
        var grid = ExperimentGrid.Create(new Sure.Configuration.SureConfig { Seed = 1 }, VariantParser.Parse("full"), [1, 2], _out, CvGrouping.Parse("speaker:2"), 2);
        var calls = new List<string>();
        RunOutcome Fake(Sure.Configuration.SureConfig cfg, string dir, CancellationToken ct)
        {
            calls.Add(dir);
            var (_, r) = Grid().Single(g => g.Item2.Seed == cfg.Seed && g.Item2.Cv!.Fold == cfg.CvFold);
            r.Write(dir);
            return RunOutcome.Completed;
        }
        // shard 1 of 2 first: its own share (runs 1 and 3: seed 1 fold 2, seed 2 fold 2), then the rest
        var first = ExperimentRunner.Run(grid, Fake, shard: new ExperimentShard(1, 2));
        Assert.Equal(ExperimentGrid.RunDir(_out, "full", 1, 2), calls[0]);
        Assert.Equal(ExperimentGrid.RunDir(_out, "full", 2, 2), calls[1]);
        Assert.Equal(4, first.Ran);
        Assert.Null(first.TableMarkdownPath); // shards write no table
        var second = ExperimentRunner.Run(grid, Fake, shard: new ExperimentShard(0, 2));
        Assert.Equal((0, 4), (second.Ran, second.Skipped));
        var (table, _, md) = ExperimentRunner.WriteTable(grid, "sure experiment --cv speaker:2 --seeds 1,2");
        Assert.Equal((4, 4), (table.RunsComplete, table.RunsExpected));
        Assert.Equal(71.25, table.Rows[0].Cv!.PooledUar.Mean, Tol);
        Assert.Contains("Cross-validation, leave one speaker out (cv speaker)", File.ReadAllText(md)); // as the results record it, by its configuration key
    }
}
