using Sure.Reporting;

namespace Sure.Tests.Reporting;

public class ErrorDetectionTests
{
    [Fact]
    public void PerfectAndInvertedRanking()
    {
        // Errors score 0.8, 0.9; correct ones 0.1, 0.2: every error above every correct one -> 1; reversed -> 0.
        Assert.Equal(1.0, ErrorDetection.Auroc([0.9, 0.1, 0.8, 0.2], [true, false, true, false]), 12);
        Assert.Equal(0.0, ErrorDetection.Auroc([0.9, 0.1, 0.8, 0.2], [false, true, false, true]), 12);
    }

    [Fact]
    public void TiesGetAverageRanks()
    {
        // scores: 0.5 (error), 0.5 (correct), 0.9 (error), 0.1 (correct)
        // ascending ranks: 0.1 -> 1; the two 0.5 share (2 + 3) / 2 = 2.5; 0.9 -> 4
        // error rank sum R = 2.5 + 4 = 6.5; U = R − n_err(n_err + 1)/2 = 6.5 − 3 = 3.5
        // AUROC = U / (n_err · n_correct) = 3.5 / 4 = 0.875
        // (pairwise check: (0.5 vs 0.5) 1/2, (0.5 vs 0.1) 1, (0.9 vs 0.5) 1, (0.9 vs 0.1) 1 -> 3.5 / 4)
        Assert.Equal(0.875, ErrorDetection.Auroc([0.5, 0.5, 0.9, 0.1], [true, false, true, false]), 12);
    }

    [Fact]
    public void AllScoresEqualIsChance()
    {
        Assert.Equal(0.5, ErrorDetection.Auroc([0.3, 0.3, 0.3, 0.3, 0.3], [true, false, false, true, false]), 12);
    }

    [Fact]
    public void UndefinedWithoutBothClasses()
    {
        Assert.True(double.IsNaN(ErrorDetection.Auroc([0.1, 0.2], [false, false])));  // all correct
        Assert.True(double.IsNaN(ErrorDetection.Auroc([0.1, 0.2], [true, true])));    // all wrong
        Assert.True(double.IsNaN(ErrorDetection.Auroc([], [])));
    }

    [Fact]
    public void MatchesBruteForcePairCounting()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = rng.Next(2, 60);
            // Coarse scores so that ties are frequent.
            var score = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble(), 1)).ToArray();
            var err = Enumerable.Range(0, n).Select(i => rng.NextDouble() < 0.3 + 0.4 * score[i]).ToArray();
            double wins = 0; long pairs = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (err[i] && !err[j]) { pairs++; wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0; }
            var auroc = ErrorDetection.Auroc(score, err);
            if (pairs == 0) Assert.True(double.IsNaN(auroc));
            else Assert.Equal(wins / pairs, auroc, 12);
        }
    }

    [Fact]
    public void RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => ErrorDetection.Auroc([0.1], [true, false]));
        Assert.Throws<ArgumentException>(() => ErrorDetection.Auroc([double.NaN, 0.2], [true, false]));
    }
}
