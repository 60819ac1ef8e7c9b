using System.Diagnostics;
using Sure.Configuration;
using Sure.Synth;

namespace Sure.Tests.Synth;

public sealed class DefaultBenchmarkFixture
{
    public SynthErcBenchmark Benchmark { get; }
    public double Seconds { get; }

    public DefaultBenchmarkFixture()
    {
        SynthErc.Create(new SynthErcOptions { TrainDialogues = 1, ValidDialogues = 1, TestDialogues = 1 }); // JIT warm-up
        var sw = Stopwatch.StartNew();
        Benchmark = SynthErc.Create(new SynthErcOptions());
        Seconds = sw.Elapsed.TotalSeconds;
    }
}

/// <summary>The default preset is hard in the ways the paper cares about (docs/syntherc.md §Default preset).</summary>
public class SynthErcDefaultPresetTests(DefaultBenchmarkFixture fixture) : IClassFixture<DefaultBenchmarkFixture>
{
    private readonly SynthErcBenchmark _b = fixture.Benchmark;

    [Fact]
    public void HasModestSize()
    {
        Assert.Equal(700, _b.Dataset.Dialogues.Count);
        Assert.InRange(_b.Dataset.Dialogues.Sum(d => d.Count), 20000, 28000);
        Assert.All(_b.Dataset.Dims, d => Assert.InRange(d, 1, 64));
    }

    [Theory]
    [InlineData("valid")]
    [InlineData("test")]
    public void ContextAndEveryModalityMatter(string split)
    {
        var c = split == "valid" ? _b.Valid : _b.Test;
        Assert.True(c.NoContextAccuracy <= 0.80, $"no-context ceiling {c.NoContextAccuracy:F4} should be ≤ 0.80");
        Assert.True(c.CausalAccuracy > c.NoContextAccuracy && c.CausalAccuracy < c.BayesAccuracy,
            $"causal ceiling {c.CausalAccuracy:F4} should lie between no-context {c.NoContextAccuracy:F4} and Bayes {c.BayesAccuracy:F4}");
        Assert.True(c.BayesAccuracy >= c.NoContextAccuracy + 0.08, $"Bayes {c.BayesAccuracy:F4} should beat no-context {c.NoContextAccuracy:F4} by ≥ 0.08");
        Assert.Equal(3, c.SingleModalityBayes.Count);
        foreach (var (m, acc) in c.SingleModalityBayes)
            Assert.True(acc < c.BayesAccuracy - 0.03, $"{m}-only Bayes {acc:F4} should stay clearly below the full Bayes {c.BayesAccuracy:F4}");
        // text strongest, visual weakest
        Assert.True(c.SingleModalityBayes["text"] > c.SingleModalityBayes["audio"]);
        Assert.True(c.SingleModalityBayes["audio"] > c.SingleModalityBayes["visual"]);
        // the realised accuracy of the Bayes decisions is close to their expected accuracy
        Assert.InRange(c.BayesAccuracy - c.ExpectedBayesAccuracy, -0.03, 0.03);
        Assert.InRange(c.BayesAccuracy, 0.5, 0.99);
    }

    [Fact]
    public void CeilingsAreConsistentWithTheGeneralAccuracyHelper()
    {
        var test = _b.Dataset.In(Sure.Data.Split.Test).ToList();
        Assert.Equal(_b.Test.BayesAccuracy, SynthErcCeilings.Accuracy(_b.Model, test, Sure.Data.Modalities.All));
        Assert.Equal(_b.Test.NoContextAccuracy, SynthErcCeilings.Accuracy(_b.Model, test, Sure.Data.Modalities.All, context: false));
        Assert.Equal(_b.Test.SingleModalityBayes["audio"], SynthErcCeilings.Accuracy(_b.Model, test, [Sure.Data.Modality.Audio]));
    }
}

/// <summary>Prints the default preset's ceilings (the numbers in docs/syntherc.md); run with --logger "console;verbosity=detailed".</summary>
public class SynthErcCeilingReport(DefaultBenchmarkFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<DefaultBenchmarkFixture>
{
    [Fact]
    public void PrintDefaultCeilings()
    {
        var b = fixture.Benchmark;
        var test = b.Dataset.In(Sure.Data.Split.Test).ToList();
        output.WriteLine($"created in {fixture.Seconds:F2} s; {b.Dataset.Dialogues.Count} dialogues, {b.Dataset.Dialogues.Sum(d => d.Count)} utterances");
        output.WriteLine("valid: " + b.Valid.Summary());
        output.WriteLine("test:  " + b.Test.Summary());
        foreach (var ms in new[] { "ta", "tv", "av" })
            output.WriteLine(FormattableString.Invariant($"test {ms} with context: {100 * SynthErcCeilings.Accuracy(b.Model, test, Sure.Data.Modalities.Parse(ms)):F2}"));
        Assert.Contains("bayes", b.Test.Summary());
    }
}
