using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Sure.Configuration;
using Sure.Experiments;

namespace Sure.Tests.Experiments;

public sealed class ExperimentShardTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sure-shards-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { try { Directory.Delete(_root, true); } catch (IOException) { } }

    private static ExperimentGrid Grid(string outDir) => ExperimentGrid.Create(new SureConfig { Seed = 1 }, "full,no-moe,softmax", 3, outDir);

    /// <summary>A fake trainer, safe to share between threads: records its calls, takes a moment, writes a result.json that depends only on the run.</summary>
    private sealed class FakeTrainer(int millis = 0)
    {
        public readonly ConcurrentQueue<string> Calls = new();

        public RunOutcome Run(SureConfig cfg, string dir, CancellationToken ct)
        {
            var variant = Path.GetFileName(Path.GetDirectoryName(dir))!;
            Calls.Enqueue($"{variant}/{cfg.Seed}");
            Assert.Single(Directory.GetFiles(dir, "claim-*.json")); // the runner holds the run's claim while it runs
            Thread.Sleep(millis);
            ExperimentRunnerTests.Result(variant, cfg.Seed, 60 + cfg.Seed + variant.Length, 55 + cfg.Seed, 2.5).Write(dir);
            return RunOutcome.Completed;
        }
    }

    private static string TableJson(string outDir) => File.ReadAllText(Path.Combine(outDir, "table.json"));

    [Fact]
    public async Task TwoConcurrentShardsRunEveryRunOnceAndCollectWritesTheTableOfOneProcess()
    {
        var alone = Path.Combine(_root, "alone");
        var single = new FakeTrainer();
        ExperimentRunner.Run(Grid(alone), single.Run, commandLine: "sure experiment --variants full,no-moe,softmax --seeds 3");

        var shared = Path.Combine(_root, "shared");
        var fake = new FakeTrainer(millis: 30);
        var shards = Enumerable.Range(0, 2).Select(k => Task.Run(() =>
            ExperimentRunner.Run(Grid(shared), fake.Run, commandLine: "sure experiment --variants full,no-moe,softmax --seeds 3", shard: new ExperimentShard(k, 2)))).ToArray();
        await Task.WhenAll(shards);
        Assert.False(File.Exists(Path.Combine(shared, "table.json"))); // shards write no table
        Assert.Equal(9, fake.Calls.Count);
        Assert.Equal(single.Calls.Order(), fake.Calls.Order()); // none twice, none missed
        Assert.Equal(9, shards.Sum(s => s.Result.Ran));
        Assert.Empty(Directory.GetFiles(shared, "claim-*.json", SearchOption.AllDirectories)); // claims released

        ExperimentRunner.WriteTable(Grid(shared), "sure experiment --variants full,no-moe,softmax --seeds 3");
        Assert.Equal(TableJson(alone), TableJson(shared));
        Assert.Equal(File.ReadAllText(Path.Combine(alone, "table.md")), File.ReadAllText(Path.Combine(shared, "table.md")));
    }

    [Fact]
    public void AShardTakesItsOwnShareFirstThenHelpsWithTheRest()
    {
        var shard = new ExperimentShard(1, 4);
        Assert.Equal([1, 5, 9, 0, 2, 3, 4, 6, 7, 8], shard.Order(10));
        var fake = new FakeTrainer();
        var summary = ExperimentRunner.Run(Grid(_root), fake.Run, shard: shard);
        Assert.Equal(["full/2", "no-moe/3", "full/1", "full/3", "no-moe/1", "no-moe/2", "softmax/1", "softmax/2", "softmax/3"], fake.Calls);
        Assert.Null(summary.TableMarkdownPath);
        Assert.Equal(9, summary.Table.RunsComplete);
    }

    [Fact]
    public async Task ARunHeldByALiveProcessIsLeftToItAndAwaited()
    {
        var grid = Grid(_root);
        var busy = grid.Runs[4];
        var held = RunClaim.TryTake(busy.RunDir, TimeSpan.FromMinutes(5), "another shard");
        Assert.NotNull(held);
        Assert.Null(RunClaim.TryTake(busy.RunDir, TimeSpan.FromMinutes(5), "me")); // only one process can hold a run
        var fake = new FakeTrainer();
        var finisher = Task.Run(() =>
        {
            // the holder finishes its run while the shard works through the rest
            SpinWait.SpinUntil(() => fake.Calls.Count == 8, TimeSpan.FromSeconds(30));
            Thread.Sleep(200);
            ExperimentRunnerTests.Result(busy.Variant, busy.Seed, 70, 65).Write(busy.RunDir);
            held!.Dispose();
        });
        var summary = ExperimentRunner.Run(grid, fake.Run, shard: new ExperimentShard(0, 1), lease: TimeSpan.FromSeconds(3));
        await finisher;
        Assert.Equal(8, fake.Calls.Count);
        Assert.DoesNotContain($"{busy.Variant}/{busy.Seed}", fake.Calls);
        Assert.Equal(1, summary.HeldElsewhere);
        Assert.Equal(9, summary.Table.RunsComplete);
    }

    [Fact]
    public void AKilledShardOnAnotherHostIsTakenOverOnceItsLeaseRunsOut()
    {
        var grid = ExperimentGrid.Create(new SureConfig { Seed = 1 }, "full", 2, _root);
        var victim = grid.Runs[1];
        Directory.CreateDirectory(victim.RunDir);
        var elsewhere = new RunClaim.Owner("some-other-host", 1, 0, "sure experiment --shard 1/2", DateTime.UtcNow);
        File.WriteAllText(Path.Combine(victim.RunDir, "claim-0001.json"), JsonSerializer.Serialize(elsewhere));
        var fake = new FakeTrainer();
        var summary = ExperimentRunner.Run(grid, fake.Run, shard: new ExperimentShard(0, 2), lease: TimeSpan.FromSeconds(1));
        Assert.Equal(["full/1", "full/2"], fake.Calls);
        Assert.Equal(2, summary.Ran);
    }

    [Fact]
    public void AKilledShardsRunIsPickedUpByItsRestart()
    {
        var grid = Grid(_root);
        // Shard 0/2 was killed while running its second run: a claim by a process that has exited, a half-done folder.
        var victim = grid.Runs[2];
        Directory.CreateDirectory(victim.RunDir);
        File.WriteAllText(Path.Combine(victim.RunDir, "trainer-state.json"), "{}");
        using (var dead = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            dead.WaitForExit();
            var owner = new RunClaim.Owner(Environment.MachineName, dead.Id, DateTime.UtcNow.Ticks, "sure experiment --shard 0/2", DateTime.UtcNow);
            File.WriteAllText(Path.Combine(victim.RunDir, "claim-0001.json"), JsonSerializer.Serialize(owner));
        }
        ExperimentRunnerTests.Result(grid.Runs[0].Variant, grid.Runs[0].Seed, 70, 65).Write(grid.Runs[0].RunDir);

        var restarted = new FakeTrainer();
        var summary = ExperimentRunner.Run(grid, restarted.Run, shard: new ExperimentShard(0, 2));
        Assert.Equal($"{victim.Variant}/{victim.Seed}", restarted.Calls.First(c => c == $"{victim.Variant}/{victim.Seed}"));
        Assert.Equal(8, restarted.Calls.Count); // all but the one complete before the kill
        Assert.Equal(1, summary.Skipped);
        Assert.Equal(0, summary.HeldElsewhere);
    }

    [Fact]
    public void AClaimFromAnotherHostIsTakenOverOnlyOnceItsLeaseRanOut()
    {
        var dir = Path.Combine(_root, "run");
        Directory.CreateDirectory(dir);
        var claim = Path.Combine(dir, "claim-0001.json");
        var elsewhere = new RunClaim.Owner("some-other-host", 1, 0, "sure experiment --shard 3/4", DateTime.UtcNow);
        File.WriteAllText(claim, JsonSerializer.Serialize(elsewhere));
        Assert.Null(RunClaim.TryTake(dir, TimeSpan.FromMinutes(10), "me"));
        File.SetLastWriteTimeUtc(claim, DateTime.UtcNow - TimeSpan.FromMinutes(11));
        using var taken = RunClaim.TryTake(dir, TimeSpan.FromMinutes(10), "me");
        Assert.NotNull(taken);
        Assert.EndsWith("claim-0002.json", taken!.Path);
    }

    [Fact]
    public void AClaimLeftEmptyByAnOwnerKilledWhileWritingItIsTakenOverOnceTheWriteGraceHasPassed()
    {
        var dir = Path.Combine(_root, "run");
        Directory.CreateDirectory(dir);
        var claim = Path.Combine(dir, "claim-0001.json");
        File.WriteAllBytes(claim, []); // created exclusively, then killed before the owner was written
        Assert.Null(RunClaim.TryTake(dir, TimeSpan.FromMinutes(15), "me")); // it may still be being written
        File.SetLastWriteTimeUtc(claim, DateTime.UtcNow - RunClaim.WriteGrace - TimeSpan.FromSeconds(1));
        using var taken = RunClaim.TryTake(dir, TimeSpan.FromMinutes(15), "me"); // long before the lease runs out
        Assert.NotNull(taken);
        Assert.EndsWith("claim-0002.json", taken!.Path);
    }

    [Fact]
    public void AnOwnerWhoseClaimWasTakenOverLearnsItOnRenewal()
    {
        var dir = Path.Combine(_root, "run");
        using var first = RunClaim.TryTake(dir, TimeSpan.FromHours(1), "slow shard")!;
        File.SetLastWriteTimeUtc(first.Path, DateTime.UtcNow - TimeSpan.FromHours(2)); // it stopped renewing, e.g. frozen
        using var second = RunClaim.TryTake(dir, TimeSpan.FromHours(1), "other shard");
        Assert.NotNull(second);
        first.Renew();
        Assert.True(first.Lost.IsCancellationRequested);
    }

    [Theory]
    [InlineData("2/2")]
    [InlineData("-1/2")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("0/0")]
    public void BadShardIsAOneLineUserError(string text) =>
        Assert.DoesNotContain('\n', Assert.Throws<Sure.Errors.SureUserException>(() => ExperimentShard.Parse(text)).Message);
}
