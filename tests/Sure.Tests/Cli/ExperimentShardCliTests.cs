using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Sure.Tests.Cli;

/// <summary>`sure experiment --shard K/N` as separate processes over one folder, one of them killed and restarted, then `--collect`.</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class ExperimentShardCliTests
{
    private static readonly string[] Grid =
    [
        "experiment", "--variants", "full,no-moe", "--seeds", "2",
        "--hidden", "16", "--heads", "2", "--experts", "3", "--top-k", "2", "--epochs", "3", "--batch-size", "4", "--threads", "1",
        "--synth-train", "8", "--synth-valid", "3", "--synth-test", "3",
    ];

    private static Process Shard(string outDir, string shard)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sure.dll"));
        foreach (var a in Grid) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "--out", outDir, "--shard", shard }) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>table.json without what depends on the clock or the folder: compute time and the commands (they name --out).</summary>
    private static string Results(string outDir)
    {
        var table = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "table.json")))!.AsObject();
        table.Remove("total_train_seconds");
        table.Remove("commands");
        foreach (var row in table["rows"]!.AsArray()) row!.AsObject().Remove("train_seconds");
        return table.ToJsonString();
    }

    [Fact]
    public void ShardProcessesWithOneKilledAndRestartedThenCollectGiveTheTableOfOneProcess()
    {
        var root = Path.Combine(Path.GetTempPath(), "sure-tests", Guid.NewGuid().ToString("N"));
        var alone = Path.Combine(root, "alone");
        Assert.Equal(0, SureCliRunner.Run([.. Grid, "--out", alone]).Code);

        var shared = Path.Combine(root, "shared");
        using (var doomed = Shard(shared, "0/2"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!(Directory.Exists(shared) && Directory.GetFiles(shared, "claim-*.json", SearchOption.AllDirectories).Length > 0) && DateTime.UtcNow < deadline && !doomed.HasExited)
                Thread.Sleep(20);
            Assert.False(doomed.HasExited, "the shard finished before it could be killed");
            doomed.Kill(entireProcessTree: true);
            doomed.WaitForExit();
        }
        Assert.NotEmpty(Directory.GetFiles(shared, "claim-*.json", SearchOption.AllDirectories)); // the killed shard's claim stays behind

        using var restarted = Shard(shared, "0/2");
        using var other = Shard(shared, "1/2");
        try
        {
            Assert.True(restarted.WaitForExit(300_000), "the restarted shard did not finish in 5 minutes");
            Assert.True(other.WaitForExit(300_000), "the other shard did not finish in 5 minutes");
        }
        finally
        {
            foreach (var p in new[] { restarted, other })
                if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
        Assert.Equal(0, restarted.ExitCode);
        Assert.Equal(0, other.ExitCode);
        Assert.False(File.Exists(Path.Combine(shared, "table.json")));

        var (code, output, _) = SureCliRunner.Run([.. Grid, "--out", shared, "--collect"]);
        Assert.Equal(0, code);
        Assert.Contains("4 of 4 runs complete", output);
        Assert.Equal(Results(alone), Results(shared));
        var commands = JsonNode.Parse(File.ReadAllText(Path.Combine(shared, "table.json")))!["commands"]!.AsArray();
        Assert.Equal(Sure.Cli.Commands.CommandLine.Format([.. Grid, "--out", shared]), (string)Assert.Single(commands)!);
    }

    [Fact]
    public void ShardWithoutOutIsAOneLineError()
    {
        var (code, _, err) = SureCliRunner.Run([.. Grid, "--shard", "0/2"]);
        Assert.NotEqual(0, code);
        Assert.Contains("--shard needs --out", err);
        Assert.DoesNotContain(" at ", err);
    }
}
