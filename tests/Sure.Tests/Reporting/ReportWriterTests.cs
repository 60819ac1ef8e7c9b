using Sure.Evaluation;
using Sure.Reporting;

namespace Sure.Tests.Reporting;

public class ReportWriterTests
{
    [Fact]
    public void MetricsTableListsClassesAndOverall()
    {
        var report = new ClassificationReport(["happy", "sa|d"], 0.75, 0.7412, 0.7, [new ClassMetrics(0.8, 0.6, 0.6857, 10), new ClassMetrics(0.7, 0.9, 0.7875, 30)], [[6, 4], [3, 27]], 40);
        var md = ReportWriter.MetricsTable(report, "Test");
        Assert.StartsWith("### Test", md);
        Assert.Contains("| 75.00 | 74.12 | 70.00 |", md);
        Assert.Contains("| happy | 80.00 | 60.00 | 68.57 | 10 |", md);
        Assert.Contains("| sa\\|d | 70.00 | 90.00 | 78.75 | 30 |", md); // pipe escaped
        Assert.Contains("| 40 |", md);                                    // total support
    }

    [Fact]
    public void ConfusionTableBoldsDiagonal()
    {
        var md = ReportWriter.ConfusionTable([[6, 4], [3, 27]], ["a", "b"]);
        Assert.Contains("| a | **6** | 4 |", md);
        Assert.Contains("| b | 3 | **27** |", md);
        Assert.Throws<ArgumentException>(() => ReportWriter.ConfusionTable([[1]], ["a", "b"]));
    }

    [Fact]
    public void CeilingsCompareTheModel()
    {
        var md = ReportWriter.Ceilings(new CeilingResult(82.4, 61.1), 70.0);
        Assert.Contains("| 82.40 |", md);
        Assert.Contains("| 61.10 |", md);
        Assert.Contains("12.40 points", md); // gap to Bayes
        Assert.Contains("8.90 points above the no-context ceiling", md);
    }

    [Fact]
    public void CalibrationSectionShowsEceAndAurocs()
    {
        var md = ReportWriter.CalibrationSection(4.123, new Dictionary<string, double?> { ["entropy"] = 81.3, ["moe"] = null }, 15);
        Assert.Contains("**4.12%**", md);
        Assert.Contains("| predictive entropy | 81.30 |", md);
        Assert.Contains("| moe | – |", md);
        var ev = new UncertaintyEvaluation(0.05, new ReliabilityBin[10], new Dictionary<string, double> { ["one_minus_max_prob"] = 0.7 });
        var md2 = ReportWriter.CalibrationSection(ev);
        Assert.Contains("**5.00%**", md2);
        Assert.Contains("10 equal-width bins", md2);
        Assert.Contains("| 1 − max probability | 70.00 |", md2);
    }

    [Fact]
    public void FigureLinksAreRelative()
    {
        var md = ReportWriter.FigureLinks([("Learning curves", "/runs/a/figures/learning.png"), ("My fig", "/runs/a/my fig.png")], "/runs/a");
        Assert.Contains("![Learning curves](figures/learning.png)", md);
        Assert.Contains("![My fig](<my fig.png>)", md);
    }
}
