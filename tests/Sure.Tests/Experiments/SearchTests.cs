using Sure.Configuration;
using Sure.Experiments;
using Sure.Errors;

namespace Sure.Tests.Experiments;

public sealed class SearchTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "sure-tune-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { try { Directory.Delete(_out, true); } catch (IOException) { } }

    private static readonly SearchSpace Space = SearchSpace.Parse("""{"lr": {"log": [1e-4, 1e-2]}, "dropout": [0.1, 0.3], "residual": [false, true], "weightDecay": {"uniform": [0, 0.1]}}""", "test");

    [Fact]
    public void TrialsAreDeterministicAndAskingForMoreKeepsTheEarlierOnes()
    {
        var few = Enumerable.Range(0, 3).Select(i => Space.Trial(7, i).Description).ToList();
        var more = Enumerable.Range(0, 6).Select(i => Space.Trial(7, i).Description).ToList();
        Assert.Equal(few, more.Take(3));
        Assert.NotEqual(few, Enumerable.Range(0, 3).Select(i => Space.Trial(8, i).Description));
        Assert.Equal(6, more.Distinct().Count());
    }

    [Fact]
    public void SampledValuesStayInTheDeclaredRangesAndApplyToTheConfiguration()
    {
        for (int i = 0; i < 50; i++)
        {
            var c = Space.Trial(1, i).Apply(new SureConfig()).Validate();
            Assert.InRange(c.Lr, 1e-4 * 0.999, 1e-2 * 1.001);
            Assert.Contains(c.Dropout, new[] { 0.1, 0.3 });
            Assert.InRange(c.WeightDecay, 0, 0.1 * 1.001);
        }
        Assert.Contains(Enumerable.Range(0, 50), i => Space.Trial(1, i).Apply(new SureConfig()).Residual);
    }

    [Theory]
    [InlineData("""{"lr": {"log": [0, 1e-2]}}""", "low > 0")]
    [InlineData("""{"lr": {"uniform": [1, 1]}}""", "low < high")]
    [InlineData("""{"lr": []}""", "non-empty array")]
    [InlineData("""{}""", "empty")]
    [InlineData("""[1, 2]""", "JSON object")]
    public void BadSpacesGetOneLineNamingTheProblem(string json, string expected)
    {
        var e = Assert.Throws<SureUserException>(() => SearchSpace.Parse(json, "space.json"));
        Assert.Contains(expected, e.Message);
        Assert.Contains("space.json", e.Message);
    }

    [Fact]
    public void TheChoiceIsMadeOnValidationAloneAndReportsTheChosenTrialsTest()
    {
        var variants = Enumerable.Range(0, 3).Select(i => Space.Trial(1, i)).ToList();
        var grid = ExperimentGrid.Create(new SureConfig { Seed = 1 }, variants, [1, 2], _out);
        // trial-001: best test, worst validation; trial-002: best validation; trial-003: in between.
        var (valid, test) = (new[] { 40.0, 60.0, 50.0 }, new[] { 90.0, 55.0, 70.0 });
        foreach (var run in grid.Runs)
        {
            int t = variants.FindIndex(v => v.Name == run.Variant);
            Directory.CreateDirectory(run.RunDir);
            var r = ExperimentRunnerTests.Result(run.Variant, run.Seed, 50, test[t] + run.Seed);
            (r with { Valid = r.Valid with { WeightedF1 = valid[t] + run.Seed } }).Write(run.RunDir);
        }
        var result = SearchResult.From(grid, Space);
        Assert.Equal("trial-002", result.Chosen!.Name);
        Assert.Equal(61.5, result.Chosen.ValidWeightedF1.Mean, 6);
        Assert.Equal(56.5, result.ChosenTest!.Mean, 6);
        var md = File.ReadAllText(result.Write(_out, null, 0));
        Assert.Contains("trial-002 **(chosen)**", md);
        // the selection check, after the choice: valid ranks (1, 3, 2) against test ranks (3, 1, 2): ρ = 1 − 6·8/(3·8) = −1
        Assert.Equal(-1, result.ValidTestSpearman!.Value, 9);
        Assert.Equal(3, result.ChosenTestRank);
        Assert.Contains("**ρ = -1.00**; the chosen trial ranks 3 of 3 on test", md);
        Assert.True(md.IndexOf("Selection check", StringComparison.Ordinal) > md.IndexOf("Chosen: **trial-002**", StringComparison.Ordinal));
        // the chosen configuration: the file alone from the library; how to train with it where the caller says (the CLI)
        var config = Path.Combine(_out, SearchResult.ChosenConfigFileName);
        Assert.Contains($"Its full configuration: `{SearchResult.ChosenConfigFileName}`.", result.Markdown(config, 0));
        Assert.Contains($"Its full configuration: `{SearchResult.ChosenConfigFileName}` (`run with {SearchResult.ChosenConfigFileName}`).",
            result.Markdown(config, 0, file => $"run with {file}"));
    }

    [Theory]
    // ranks (1, 2, 3, 4) against (1, 2, 4, 3): ρ = 1 − 6·2/(4·15) = 0.8
    [InlineData(new[] { 1.0, 2, 3, 4 }, new[] { 10.0, 20, 40, 30 }, 0.8)]
    // ties share their mean rank: (1.5, 1.5, 3) against (3, 2, 1): cov −1.5 / √(1.5 · 2) = −0.8660…
    [InlineData(new[] { 1.0, 1, 2 }, new[] { 3.0, 2, 1 }, -0.8660254037844386)]
    [InlineData(new[] { 5.0, 6, 7 }, new[] { 1.0, 2, 3 }, 1.0)]
    public void SpearmansRhoMatchesHandWorkedExamples(double[] x, double[] y, double expected) =>
        Assert.Equal(expected, RankCorrelation.Spearman(x, y)!.Value, 12);

    [Fact]
    public void SpearmansRhoNeedsThreePairsAndSomeSpread()
    {
        Assert.Null(RankCorrelation.Spearman([1, 2], [2, 1]));
        Assert.Null(RankCorrelation.Spearman([1, 1, 1], [1, 2, 3]));
        Assert.Equal([2.5, 1, 2.5, 4], RankCorrelation.Ranks([5, 1, 5, 9]));
    }
}
