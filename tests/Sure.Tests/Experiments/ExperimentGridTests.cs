using Sure.Configuration;
using Sure.Errors;
using Sure.Experiments;

namespace Sure.Tests.Experiments;

public class ExperimentGridTests
{
    [Fact]
    public void ExpandsVariantsTimesSeeds()
    {
        var baseCfg = new SureConfig { Seed = 10 };
        var grid = ExperimentGrid.Create(baseCfg, "full,no-moe,ta", 3, "/tmp/exp");
        Assert.Equal(new[] { 10, 11, 12 }, grid.Seeds);
        Assert.Equal(9, grid.Runs.Count);
        Assert.Equal(["full", "full", "full", "no-moe", "no-moe", "no-moe", "ta", "ta", "ta"], grid.Runs.Select(r => r.Variant));
        var r = grid.Runs[4];
        Assert.Equal(("no-moe", 11), (r.Variant, r.Seed));
        Assert.Equal(Path.Combine("/tmp/exp", "no-moe", "seed-11"), r.RunDir);
        Assert.Equal(baseCfg with { UseMoe = false, Seed = 11, Out = r.RunDir }, r.Config);
        Assert.Equal(baseCfg.Synth.Seed, r.Config.Synth.Seed); // same data for every seed
        Assert.Equal("ta", grid.Runs[8].Config.Modalities);
    }

    [Theory]
    [InlineData("3", new[] { 5, 6, 7 })]
    [InlineData("1,7,42", new[] { 1, 7, 42 })]
    [InlineData("9,", new[] { 9 })]
    [InlineData("2..4", new[] { 2, 3, 4 })]
    public void SeedForms(string spec, int[] expected)
    {
        Assert.Equal(expected, SeedList.Parse(spec, baseSeed: 5));
        Assert.Equal(expected.Length * 2, ExperimentGrid.Create(new SureConfig { Seed = 5 }, "full,causal", spec, "/tmp/e").Runs.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("x")]
    [InlineData("1,1")]
    [InlineData("5..2")]
    public void BadSeedsAreUserErrors(string spec) =>
        Assert.Throws<SureUserException>(() => SeedList.Parse(spec, 1));

    [Fact]
    public void InvalidResultingConfigFailsBeforeAnyRun()
    {
        // top-k above the number of experts: Validate() rejects it when the grid is built.
        var e = Assert.Throws<SureUserException>(() => ExperimentGrid.Create(new SureConfig(), "full,k9:top-k=9", 1, "/tmp/e"));
        Assert.Contains("k9", e.Message);
    }
}
