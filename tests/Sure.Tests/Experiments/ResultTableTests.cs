using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Experiments;
using Sure.Reporting;

namespace Sure.Tests.Experiments;

public sealed class ResultTableTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "sure-table-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { try { Directory.Delete(_out, true); } catch (IOException) { } }

    [Fact]
    public void TheFineTunedEncoderAloneIsAggregatedBesideTheModel()
    {
        static RunResult WithEncoder(int seed, double acc, double wf1, double encAcc, double encF1, double secs) =>
            ExperimentRunnerTests.Result("sure", seed, acc, wf1) with
            {
                TextEncoder = new Sure.Text.Bert.FineTuningReport { EpochsRun = 3, BestEpoch = 3, SecondsPerEpoch = secs, Test = new(encAcc, encF1), Valid = new(1, 1) },
            };
        // encoder alone: accuracy 60, 62 -> mean 61, std √2 = 1.41; weighted F1 58, 61 -> 59.5, std √4.5 = 2.12; s/epoch (100 + 140) / 2 = 120
        var runs = new (string, RunResult)[] { ("sure", WithEncoder(1, 64, 63, 60, 58, 100)), ("sure", WithEncoder(2, 66, 65, 62, 61, 140)), ("plain", ExperimentRunnerTests.Result("plain", 1, 50, 49)) };
        var table = ResultTable.Aggregate(runs, ["sure", "plain"]);
        var e = table.Rows[0].Encoder!;
        Assert.Equal((2, 61.0, 59.5, 120.0), (e.Runs, e.Accuracy.Mean, e.WeightedF1.Mean, e.SecondsPerEpoch));
        Assert.Null(table.Rows[1].Encoder);
        var md = table.ToMarkdown();
        Assert.Contains("| sure | 65.00 ± 1.41 | 64.00 ± 1.41 | – | 2 | 61.00 ± 1.41 | 59.50 ± 2.12 | 120 |", md);
        Assert.Contains("| plain | 50.00 | 49.00 | – | 1 | | | |", md);
        Assert.Equal(59.5, (double)JsonNode.Parse(table.ToJson())!["rows"]![0]!["text_encoder_alone"]!["weighted_f1"]!["mean"]!, 9);
    }

    [Fact]
    public void MeanAndSampleStdMatchHandComputation()
    {
        var ceiling = new CeilingResult(82.0, 60.0);
        var runs = new (string, RunResult)[]
        {
            // full: accuracy 70, 72, 74 -> mean 72; deviations −2, 0, 2 -> Σd² = 8; sample var 8/(3−1) = 4 -> std 2
            //       weighted F1 68, 69, 73 -> mean 70; deviations −2, −1, 3 -> Σd² = 14; var 7 -> std √7 = 2.6458
            ("full", ExperimentRunnerTests.Result("full", 1, 70, 68, 100, ceiling)),
            ("full", ExperimentRunnerTests.Result("full", 2, 72, 69, 110, ceiling)),
            ("full", ExperimentRunnerTests.Result("full", 3, 74, 73, 120, ceiling)),
            // no-moe: accuracy 65.5, 66.5 -> mean 66; Σd² = 0.5; var 0.5/1 -> std √0.5 = 0.7071
            ("no-moe", ExperimentRunnerTests.Result("no-moe", 1, 65.5, 60, 50, ceiling)),
            ("no-moe", ExperimentRunnerTests.Result("no-moe", 2, 66.5, 61, 50, ceiling)),
            // t: one run -> no std
            ("t", ExperimentRunnerTests.Result("t", 1, 50, 45, 10, new CeilingResult(70, 55))),
        };
        var table = ResultTable.Aggregate(runs, ["full", "no-moe", "t", "softmax"], new Dictionary<string, int> { ["full"] = 3, ["no-moe"] = 3, ["t"] = 1, ["softmax"] = 3 });

        var full = table.Rows[0];
        Assert.Equal(72, full.Accuracy.Mean, 12);
        Assert.Equal(2, full.Accuracy.Std!.Value, 12);
        Assert.Equal(70, full.WeightedF1.Mean, 12);
        Assert.Equal(Math.Sqrt(7), full.WeightedF1.Std!.Value, 12);
        Assert.Equal(3, full.Runs);
        Assert.Equal("72.00 ± 2.00", full.Accuracy.Format());
        Assert.Equal("70.00 ± 2.65", full.WeightedF1.Format());

        var noMoe = table.Rows[1];
        Assert.Equal(66, noMoe.Accuracy.Mean, 12);
        Assert.Equal(Math.Sqrt(0.5), noMoe.Accuracy.Std!.Value, 12);
        Assert.Equal((2, 3), (noMoe.Runs, noMoe.Expected));

        var t = table.Rows[2];
        Assert.Null(t.Accuracy.Std);
        Assert.Equal("50.00", t.Accuracy.Format());
        Assert.Equal(70, t.BayesAccuracy);

        var softmax = table.Rows[3];
        Assert.Equal(0, softmax.Runs);
        Assert.Equal("–", softmax.Accuracy.Format());

        Assert.Equal(440, table.TotalTrainSeconds); // 100+110+120+50+50+10
        Assert.Equal((6, 10), (table.RunsComplete, table.RunsExpected));
        Assert.Equal("validation", table.Protocol);

        var md = table.ToMarkdown();
        Assert.Contains("| full | 72.00 ± 2.00 | 70.00 ± 2.65 | – | 3 | 82.00 | 60.00 |", md);
        Assert.Contains("| no-moe | 66.00 ± 0.71 | 60.50 ± 0.71 | – | 2 of 3 | 82.00 | 60.00 |", md);
        Assert.Contains("| t | 50.00 | 45.00 | – | 1 | 70.00 | 55.00 |", md);
        Assert.Contains("7 min 20 s", md);

        var json = JsonNode.Parse(table.ToJson())!;
        Assert.Equal(2.0, json["rows"]![0]!["accuracy"]!["std"]!.GetValue<double>(), 12);
        Assert.Null(json["rows"]![2]!["accuracy"]!["std"]);
        Assert.Equal(82.0, json["rows"]![0]!["ceiling"]!["bayes_accuracy"]!.GetValue<double>());
        Assert.Equal(440, json["total_train_seconds"]!.GetValue<double>());
    }

    [Fact]
    public void MixedProtocolsAreFlagged()
    {
        var a = ExperimentRunnerTests.Result("full", 1, 70, 68);
        var b = ExperimentRunnerTests.Result("full", 2, 70, 68) with { Protocol = "paper" };
        Assert.Equal("mixed: validation, paper", ResultTable.Aggregate([("full", a), ("full", b)], ["full"]).Protocol);
    }

    [Fact]
    public void FromDirectoryFindsRunFolders()
    {
        ExperimentRunnerTests.Result("zeta", 1, 50, 40).Write(ExperimentGrid.RunDir(_out, "zeta", 1));
        ExperimentRunnerTests.Result("full", 1, 60, 50).Write(ExperimentGrid.RunDir(_out, "full", 1));
        ExperimentRunnerTests.Result("full", 2, 62, 52).Write(ExperimentGrid.RunDir(_out, "full", 2));
        Directory.CreateDirectory(ExperimentGrid.RunDir(_out, "full", 3)); // incomplete: ignored
        var t = ResultTable.FromDirectory(_out);
        Assert.Equal(["full", "zeta"], t.Rows.Select(r => r.Variant));
        Assert.Equal(61, t.Rows[0].Accuracy.Mean, 12);
        Assert.Equal(2, t.Rows[0].Runs);
    }

    private static RunResult WithMajority(RunResult r, double acc, double wf1) =>
        r with { MajorityBaseline = new Sure.Evaluation.MajorityBaseline("neu", new(30, 14), new(acc, wf1)) };

    [Fact]
    public void BaselinesShowTheMajorityClassAndTheNoContextVariantChosenOnValidationWithEachRowsGain()
    {
        // test wF1: full 60, 62 → 61; causal 57, 59 → 58; linear 50, 52 → 51 (valid 49, 51 → 50); mlp 54, 56 → 55 (valid 53, 55 → 54)
        // linear's validation is worse than mlp's, so mlp is the baseline: gains full 61 − 55 = +6.00, causal +3.00, linear −4.00
        // majority: test accuracy 40 and 42 over the 8 runs (four each) → 41; weighted F1 20 and 24 → 22
        var runs = new List<(string, RunResult)>();
        foreach (var (variant, wf1) in new[] { ("full", 60.0), ("causal", 57.0), ("linear", 50.0), ("mlp", 54.0) })
            for (int seed = 1; seed <= 2; seed++)
                runs.Add((variant, WithMajority(ExperimentRunnerTests.Result(variant, seed, 70, wf1 + 2 * (seed - 1)), seed == 1 ? 40 : 42, seed == 1 ? 20 : 24)));
        var table = ResultTable.Aggregate(runs, ["full", "causal", "linear", "mlp"], noContextVariants: ["linear", "mlp"]);
        Assert.Equal("mlp", table.NoContextVariant);
        var md = table.ToMarkdown();
        Assert.Contains("- Majority class: always 'neu' (the most frequent training class): test accuracy 41.00, weighted F1 22.00 (mean over 8 runs).", md);
        Assert.Contains("- No context, measured: variant mlp reads each utterance alone (same data and seeds; of the no-context variants, the best on validation): "
            + "test weighted F1 55.00 ± 1.41. Gain from context (test weighted F1 minus it): full +6.00, causal +3.00, linear −4.00.", md);
        Assert.DoesNotContain("not measured", md);
        var json = JsonNode.Parse(table.ToJson())!["baselines"]!;
        Assert.Equal(22.0, (double)json["majority"]!["test_weighted_f1"]!, 9);
        Assert.Equal("mlp", (string?)json["no_context"]!["variant"]);
        Assert.Equal(55.0, (double)json["no_context"]!["weighted_f1"]!["mean"]!, 9);
    }

    [Fact]
    public void WithoutANoContextVariantTheTableSaysHowToMeasureOne()
    {
        var table = ResultTable.Aggregate([("full", ExperimentRunnerTests.Result("full", 1, 70, 60))], ["full"]);
        var md = table.ToMarkdown();
        Assert.Contains("- No context: not measured in this experiment; add the variant linear (or mlp)", md);
        Assert.DoesNotContain("Majority class", md); // a result.json without it
        Assert.Null(table.NoContextVariant);
    }

    [Fact]
    public void FromDirectoryKnowsANoContextVariantByItsRunsConfiguration()
    {
        foreach (var (variant, model, wf1) in new[] { ("full", "sure", 60.0), ("probe", "linear", 50.0) })
        {
            var dir = ExperimentGrid.RunDir(_out, variant, 1);
            ExperimentRunnerTests.Result(variant, 1, 70, wf1).Write(dir);
            File.WriteAllText(Path.Combine(dir, Sure.Runs.RunFolder.ConfigFile), new SureConfig { Model = model }.ToJson());
        }
        var t = ResultTable.FromDirectory(_out);
        Assert.Equal("probe", t.NoContextVariant);
        Assert.Contains("Gain from context (test weighted F1 minus it): full +10.00.", t.ToMarkdown());
    }
}
