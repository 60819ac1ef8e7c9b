using System.Text.Json.Nodes;
using Sure.Data;
using Sure.Data.Formats;

namespace Sure.Tests.Cli;

/// <summary>End to end: <c>sure experiment --cv</c> on a tiny made-up dataset of 4 speakers (one speaker per dialogue).</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public sealed class CrossValidationCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sure-cv-cli-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    private static readonly string[] Tiny =
    [
        "--hidden", "16", "--heads", "2", "--experts", "3", "--top-k", "2", "--epochs", "2", "--batch-size", "4", "--threads", "1",
    ];

    /// <summary>4 speakers × 3 dialogues × 4 utterances, 3 classes, features that carry the label; the file's splits
    /// (which --cv ignores) put speaker s4 in test and s3 in valid. Dialogue ids have no IEMOCAP session prefix.</summary>
    private string WriteData()
    {
        var rng = new Random(5);
        float[] Vec(int label) => [.. Enumerable.Range(0, 4).Select(i => (i == label ? 2f : 0f) + (float)(rng.NextDouble() - 0.5))];
        var ds = new ConversationDataset { Name = "four-speakers", ClassNames = ["x", "y", "z"] };
        for (int s = 1; s <= 4; s++)
            for (int d = 0; d < 3; d++)
                ds.Dialogues.Add(new Dialogue
                {
                    Id = $"s{s}-d{d}",
                    Split = s == 4 ? Split.Test : s == 3 ? Split.Valid : Split.Train,
                    Utterances = [.. Enumerable.Range(0, 4).Select(i =>
                    {
                        int label = (s + d + i) % 3;
                        return new Utterance { Speaker = $"s{s}", Label = label, Features = [Vec(label), Vec(label), Vec(label)] };
                    })],
                });
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "four.jsonl");
        DatasetWriter.Write(ds, path);
        return path;
    }

    [Fact]
    public void LeaveOneSpeakerOut_WritesFoldRuns_PooledMetrics_Resumes_AndErrs()
    {
        var data = WriteData();
        var outDir = Path.Combine(_dir, "exp");
        string[] args = ["experiment", "--data", data, "--cv", "speaker", "--seeds", "1", "--out", outDir, .. Tiny];
        var (code, stdout, stderr) = SureCliRunner.Run(args);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("4 runs (1 variants × 1 seeds × 4 folds)", stdout + stderr);
        Assert.Contains("split labels are ignored", stdout + stderr);

        // one run per fold, each holding one speaker out; together they predict every utterance once
        var tested = new List<string>();
        int testUtterances = 0;
        for (int f = 1; f <= 4; f++)
        {
            var result = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "full", "seed-1", $"fold-{f}", "result.json")))!;
            var cv = result["cv"]!;
            Assert.Equal(("speaker", f, 4), ((string)cv["grouping"]!, (int)cv["fold"]!, (int)cv["folds"]!));
            tested.Add((string)cv["test_groups"]![0]!);
            Assert.Equal(12, (int)cv["test_utterances"]!);
            Assert.Equal(12, (int)result["test"]!["utterances"]!);
            Assert.DoesNotContain((string)cv["test_groups"]![0]!, cv["valid_groups"]!.AsArray().Select(g => (string)g!));
            Assert.InRange((double)result["test"]!["uar"]!, 0, 100);
            Assert.NotNull(result["valid"]!["uar"]);
            testUtterances += (int)cv["test_utterances"]!;
        }
        Assert.Equal(new[] { "s1", "s2", "s3", "s4" }, tested);
        Assert.Equal(48, testUtterances);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "full", "seed-1", "fold-3", "config.json")))!;
        Assert.Equal(("speaker", 3), ((string)config["cv"]!, (int)config["cvFold"]!));

        var table = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "table.json")))!;
        var row = table["rows"]![0]!;
        Assert.Equal(4, (int)row["runs"]!);
        Assert.Equal(1, (int)row["cv"]!["pooled"]!["seeds"]!);
        Assert.NotNull(row["cv"]!["pooled"]!["uar"]!["mean"]);
        Assert.NotNull(row["uar"]!["mean"]);
        Assert.Equal(4, row["cv"]!["fold_rows"]!.AsArray().Count);
        var md = File.ReadAllText(Path.Combine(outDir, "table.md"));
        Assert.Contains("pooled UAR", md);
        Assert.Contains("| full | 4 | s4 |", md);

        // resuming redoes nothing; a shard and --collect see the same grid
        var again = SureCliRunner.Run(args);
        Assert.Equal(0, again.Code);
        Assert.Contains("0 runs done now, 4 already complete", again.Out + again.Err);
        Assert.Equal(0, SureCliRunner.Run([.. args, "--shard", "1/2"]).Code);
        var collect = SureCliRunner.Run([.. args, "--collect"]);
        Assert.Equal(0, collect.Code);
        Assert.Contains("4 of 4 runs complete", collect.Out + collect.Err);

        // a fold folder is a run of its own: sure train --resume finishes it as that fold
        var fold2 = Path.Combine(outDir, "full", "seed-1", "fold-2");
        File.Delete(Path.Combine(fold2, "result.json"));
        var resumed = SureCliRunner.Run(["train", "--resume", fold2]);
        Assert.True(resumed.Code == 0, resumed.Out + resumed.Err);
        var redone = JsonNode.Parse(File.ReadAllText(Path.Combine(fold2, "result.json")))!;
        Assert.Equal("s2", (string)redone["cv"]!["test_groups"]![0]!);
        Assert.Contains("fold 2 of 4", File.ReadAllText(Path.Combine(fold2, "report.md")));
        // and sure eval scores it on the fold's own test split: the numbers of its result.json
        var eval = SureCliRunner.Run(["eval", "--checkpoint", fold2]);
        Assert.True(eval.Code == 0, eval.Out + eval.Err);
        Assert.Contains("Cross-validation fold 2 of 4 (--cv speaker): the test split is the fold's (test: s2)", eval.Out + eval.Err);
        var evalJson = JsonNode.Parse(File.ReadAllText(Path.Combine(fold2, "eval.json")))!;
        Assert.Equal((double)redone["test"]!["accuracy"]!, (double)evalJson["metrics"]!["accuracy"]!);
        Assert.Equal((double)redone["test"]!["uar"]!, (double)evalJson["metrics"]!["uar"]!);
        Assert.Equal(12, (int)evalJson["metrics"]!["utterances"]!);

        // one-line errors, before any training
        AssertError(["experiment", "--data", data, "--cv", "speaker:5", "--out", Path.Combine(_dir, "e1"), .. Tiny],
            "error: --cv speaker:5: 4 speakers cannot fill 5 folds; use at most 4 or leave ':K' out (one fold per speaker).");
        AssertError(["experiment", "--data", data, "--cv", "session", "--out", Path.Combine(_dir, "e2"), .. Tiny],
            "error: --cv session: dialogue 's1-d0' has no IEMOCAP session prefix (Ses01…Ses05, as in Ses01F_impro01); use --cv dialogue or --cv speaker.");
        // SynthERC's dialogues have several speakers
        var synth = SureCliRunner.Run(["experiment", "--cv", "speaker", "--synth-train", "4", "--synth-valid", "2", "--synth-test", "2", "--out", Path.Combine(_dir, "e3"), .. Tiny]);
        Assert.Equal(1, synth.Code);
        Assert.Matches(@"^error: --cv speaker: dialogue '[^']+' has \d+ speakers \(.*\), so it cannot be left out by speaker; use --cv session or --cv dialogue\.$", synth.Err.Trim());
        Assert.False(Directory.Exists(Path.Combine(_dir, "e3", "full")));
    }

    private static void AssertError(string[] args, string expected)
    {
        var (code, _, err) = SureCliRunner.Run(args);
        Assert.Equal(1, code);
        Assert.Equal(expected, err.Trim());
    }
}
