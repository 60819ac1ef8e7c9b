using System.Text.Json.Nodes;
using Sure.Reporting;

namespace Sure.Tests.Cli;

[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class TuneCommandTests
{
    private static readonly string[] Tiny =
        ["--synth-train", "12", "--synth-valid", "4", "--synth-test", "4", "--hidden", "16", "--heads", "2", "--experts", "3", "--top-k", "2", "--epochs", "1", "--threads", "1"];

    [Fact]
    public void TuneChoosesOnValidationAndResumesKeepingFinishedTrials()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sure-tune-cli-" + Guid.NewGuid().ToString("N"));
        var space = Path.Combine(Path.GetTempPath(), "space-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(space, """{"lr": {"log": [1e-3, 1e-2]}, "dropout": [0.0, 0.2]}""");
        var (code, output, err) = SureCliRunner.Run(["tune", "--space", space, "--trials", "2", "--out", dir, .. Tiny]);
        Assert.True(code == 0, err);
        var first = Path.Combine(dir, "search", "trial-001", "seed-1", RunResult.FileName);
        var stamp = File.GetLastWriteTimeUtc(first);

        Assert.Equal(0, SureCliRunner.Run(["tune", "--space", space, "--trials", "3", "--out", dir, .. Tiny]).Code);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(first));   // finished trials are not run again
        var tune = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "tune.json")))!;
        Assert.Equal(3, tune["trials"]!.AsArray().Count);
        // The chosen trial is the one with the highest validation weighted F1 among the three runs.
        var best = Enumerable.Range(1, 3).Select(i => (Name: $"trial-{i:D3}", R: RunResult.TryRead(Path.Combine(dir, "search", $"trial-{i:D3}", "seed-1"), out _)!))
            .OrderByDescending(t => t.R.Valid.WeightedF1).First();
        Assert.Equal(best.Name, (string)tune["chosen"]!);
        Assert.Equal(best.R.Test.WeightedF1, (double)tune["test_weighted_f1_mean"]!, 2);
        Assert.True(File.Exists(Path.Combine(dir, "chosen-config.json")));
        Assert.Contains("chosen on the validation split", output, StringComparison.OrdinalIgnoreCase);
    }
}
