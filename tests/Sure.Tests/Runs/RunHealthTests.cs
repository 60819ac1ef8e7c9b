using System.Globalization;
using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Evaluation;
using Sure.Inference;
using Sure.Runs;
using Sure.Tests.Cli;
using Sure.Tests.Data;
using Sure.Tests.Server;
using Sure.Training;

namespace Sure.Tests.Runs;

/// <summary>The majority-class baseline and the warnings of a run that learned nothing or stopped while still improving:
/// computed by hand, and end to end through sure train, report.md, result.json, the model file, sure predict and sure serve.</summary>
[Collection("Console")]
public class RunHealthTests
{
    private static readonly string[] Three = ["a", "b", "c"];

    /// <summary>An evaluation whose gold labels have these supports (the predictions do not matter to the baseline).</summary>
    private static ClassificationReport Gold(params int[] supports)
    {
        var gold = supports.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        return Metrics.Compute(gold, new int[gold.Length], Three);
    }

    [Fact]
    public void The_majority_baseline_answers_the_most_frequent_training_class_scored_by_hand()
    {
        // train: b is the most frequent. valid supports 2/6/2: accuracy 6/10; F1(b) = 2·0.6·1/1.6 = 0.75, weighted 0.6·0.75 = 0.45.
        // test supports 3/1/0: accuracy 1/4; F1(b) = 2·0.25/1.25 = 0.4, weighted 0.25·0.4 = 0.1.
        var baseline = MajorityBaseline.Of([1, 5, 2], Gold(2, 6, 2), Gold(3, 1, 0));
        Assert.Equal(new MajorityBaseline("b", new BaselineScores(60, 45), new BaselineScores(25, 10)), baseline);
        Assert.Equal("a", MajorityBaseline.Of([3, 3, 1], Gold(1, 1, 1), Gold(1, 1, 1)).ClassName); // a tie: the first class
    }

    private static TrainingResult Result(int bestEpoch, int epochsRun, ClassificationReport valid, ClassificationReport test) => new()
    {
        Valid = new EvaluationOutput { Utterances = [], Loss = 1, Report = valid },
        Test = new EvaluationOutput { Utterances = [], Loss = 1, Report = test },
        BestEpoch = bestEpoch, EpochsRun = epochsRun, TrainSeconds = 1, History = [], Parameters = 1,
    };

    [Fact]
    public void Warnings_name_a_result_at_the_majority_class_and_a_last_best_epoch_with_the_learning_rate_still_high()
    {
        var gold = new[] { 0, 0, 0, 1 };
        var allA = Metrics.Compute(gold, new[] { 0, 0, 0, 0 }, Three);  // exactly the majority class: "at or below"
        var good = Metrics.Compute(gold, gold, Three);
        var baseline = MajorityBaseline.Of([3, 1, 0], allA, allA);
        var constant = new SureConfig { Epochs = 5, Lr = 1e-3 };

        var atMajority = RunHealth.Warnings(constant, Result(2, 5, allA, allA), baseline);
        Assert.Equal(["test weighted F1 64.29 is at or below always answering the most frequent training class 'a' (64.29): the model has not learned the task; "
            + "train longer (more epochs) or with a higher learning rate (lr)."], atMajority);

        var stillImproving = RunHealth.Warnings(constant, Result(5, 5, good, good), baseline);
        Assert.Equal(["the best epoch is the last one (5 of 5) and the learning rate was still 0.001 (constant schedule, peak 0.001): "
            + "the model was still improving when training stopped; train for more epochs."], stillImproving);

        // cosine over 5 epochs, no warm-up: the last epoch starts at lr·(1 + cos(4π/5))/2 = 0.0955·lr, under a quarter: no warning
        var cosine = constant with { LrSchedule = LrSchedule.Cosine, WarmupEpochs = 0 };
        Assert.Empty(RunHealth.Warnings(cosine, Result(5, 5, good, good), baseline));
        // cosine over 2 epochs: the last starts at lr·(1 + cos(π/2))/2 = lr/2: still high
        Assert.Equal(0.5e-3, RunHealth.LastEpochStillImproving(cosine with { Epochs = 2 }, Result(2, 2, good, good))!.Value, 12);
    }

    /// <summary>16 conversations of pure-noise 4-d vectors, 85% "neu" (the validation split all "neu", so that always
    /// answering "neu" scores 100 there and no model can beat it): nothing to learn.</summary>
    private static string NoiseCorpus(string dir)
    {
        var rng = new Random(3);
        var lines = new List<string> { "{\"sure_format\": 1, \"classes\": [\"neu\", \"fru\"]}" };
        for (int d = 0; d < 16; d++)
        {
            var utts = Enumerable.Range(0, 6).Select(i =>
            {
                var f = string.Join(", ", Enumerable.Range(0, 4).Select(_ => (rng.NextDouble() * 2 - 1).ToString("F3", CultureInfo.InvariantCulture)));
                return $"{{\"speaker\": \"{(i % 2 == 0 ? "A" : "B")}\", \"text\": \"turn {i}\", \"label\": \"{(rng.NextDouble() < 0.85 || d is >= 10 and < 13 ? "neu" : "fru")}\", \"features\": {{\"text\": [{f}]}}}}";
            });
            lines.Add($"{{\"id\": \"c{d}\", \"split\": \"{(d < 10 ? "train" : d < 13 ? "valid" : "test")}\", \"utterances\": [{string.Join(", ", utts)}]}}");
        }
        var path = Path.Combine(dir, "noise.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task A_deliberately_useless_run_warns_everywhere_the_model_shows_up()
    {
        using var tmp = new TempDir();
        var data = NoiseCorpus(tmp.Path);
        var run = tmp.File("run");
        // one epoch at a vanishing learning rate: the model stays as initialised, and its best epoch is its last; a constant
        // schedule (given vectors' preset is cosine with warm-up, whose single epoch starts at a rate near 0: no "still high")
        var (code, output, err) = SureCliRunner.Run("train", "--data", data, "--modalities", "t", "--hidden", "16", "--heads", "2", "--experts", "2", "--top-k", "1",
            "--epochs", "1", "--lr", "1e-9", "--lr-schedule", "constant", "--batch-size", "8", "--threads", "1", "--out", run);
        Assert.True(code == 0, err);
        Assert.Contains("Majority-class baseline (always 'neu', the most frequent training class): test accuracy", output);
        Assert.Contains("warning: the best epoch is the last one (1 of 1)", output);

        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "result.json")))!;
        Assert.Equal("neu", (string?)result["majority_baseline"]!["class_name"]);
        var warnings = result["warnings"]!.AsArray().Select(w => (string)w!).ToList();
        Assert.Contains(warnings, w => w.StartsWith("the best epoch is the last one", StringComparison.Ordinal));
        Assert.Equal(100, (double)result["majority_baseline"]!["valid"]!["weighted_f1"]!);
        Assert.Contains(warnings, w => w.Contains("weighted F1", StringComparison.Ordinal) && w.Contains("is at or below always answering the most frequent training class 'neu'", StringComparison.Ordinal));
        foreach (var w in warnings) Assert.Contains($"warning: {w}", output);
        Assert.Equal(warnings, Sure.Reporting.RunResult.TryRead(run, out _)!.Warnings);

        var report = File.ReadAllText(Path.Combine(run, "report.md"));
        Assert.Contains("## Warnings", report);
        foreach (var w in warnings) Assert.Contains($"- **Warning:** {w}", report);
        Assert.Contains("| test: always `neu` (majority class of train) |", report);

        var model = Path.Combine(run, ModelFile.FileName);
        using var predictor = SurePredictor.Open(model);
        Assert.Equal(warnings, predictor.Warnings);
        Assert.Equal(["neutral", "frustrated"], predictor.DisplayNames);

        var input = tmp.Write("in.jsonl", File.ReadAllLines(data)[1] + "\n");
        var (pcode, pout, perr) = SureCliRunner.Run("predict", "--model", model, input);
        Assert.True(pcode == 0, perr);
        foreach (var w in warnings) Assert.Contains($"warning: the model's training result: {w}", perr);
        var first = JsonNode.Parse(pout.Split('\n')[0])!;
        Assert.Equal((string)first["label"]! == "neu" ? "neutral" : "frustrated", (string?)first["label_name"]);

        await using var server = await ServerUnderTest.InMemory(predictor);
        var described = await ServerUnderTest.Json(await server.Client.GetAsync("/v1/model"));
        Assert.Equal(warnings, described["warnings"]!.AsArray().Select(w => (string)w!));
        Assert.Equal(["neutral", "frustrated"], described["class_display_names"]!.AsArray().Select(w => (string)w!));
        Assert.Equal(warnings, described["metrics"]!["warnings"]!.AsArray().Select(w => (string)w!));
    }
}
