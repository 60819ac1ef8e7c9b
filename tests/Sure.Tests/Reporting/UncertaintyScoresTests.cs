using Sure.Reporting;

namespace Sure.Tests.Reporting;

public class UncertaintyScoresTests
{
    [Fact]
    public void EntropyHandWorked()
    {
        // uniform over 4: −4 · 0.25 · ln 0.25 = ln 4
        Assert.Equal(Math.Log(4), UncertaintyScores.PredictiveEntropy([0.25, 0.25, 0.25, 0.25]), 12);
        // one-hot: 0 (0 · ln 0 taken as 0)
        Assert.Equal(0, UncertaintyScores.PredictiveEntropy([1, 0, 0]), 12);
        // [0.5, 0.25, 0.25]: 0.5 ln 2 + 2 · 0.25 · ln 4 = 0.5 ln 2 + ln 2 = 1.5 ln 2
        Assert.Equal(1.5 * Math.Log(2), UncertaintyScores.PredictiveEntropy([0.5, 0.25, 0.25]), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => UncertaintyScores.PredictiveEntropy([-0.1, 1.1]));
    }

    [Fact]
    public void MaxProbabilityScores()
    {
        Assert.Equal(0.7, UncertaintyScores.MaxProbability([0.1, 0.7, 0.2]));
        Assert.Equal(0.3, UncertaintyScores.OneMinusMaxProbability([0.1, 0.7, 0.2]), 12);
        Assert.Equal(1, UncertaintyScores.ArgMax([0.1, 0.7, 0.2]));
        Assert.Equal(0, UncertaintyScores.ArgMax([0.5, 0.5]));
    }

    [Fact]
    public void EvaluationCombinesCalibrationAndAuroc()
    {
        // pred / gold / conf:  [0.9,0.1] g0 -> right .9;  [0.6,0.4] g1 -> wrong .6;
        //                      [0.3,0.7] g1 -> right .7;  [0.2,0.8] g0 -> wrong .8
        // 2 bins: all in (0.5, 1]: mean conf (0.9+0.6+0.7+0.8)/4 = 0.75, accuracy 0.5 -> ECE 0.25
        // 1 − max = [0.1, 0.4, 0.3, 0.2]; errors score 0.4, 0.2; correct 0.1, 0.3
        //   pairs: 0.4>0.1, 0.4>0.3, 0.2>0.1, 0.2<0.3 -> 3/4; entropy is monotone in 1 − max for 2 classes -> 3/4
        // extra score [0, 1, 0, 1] separates perfectly -> 1
        double[][] probs = [[0.9, 0.1], [0.6, 0.4], [0.3, 0.7], [0.2, 0.8]];
        int[] gold = [0, 1, 1, 0];
        var ev = UncertaintyEvaluation.Compute(probs, gold, new Dictionary<string, double[]> { ["moe"] = [0, 1, 0, 1] }, bins: 2);
        Assert.Equal(0.25, ev.Ece, 12);
        Assert.Equal(0.75, ev.ErrorAuroc[UncertaintyEvaluation.OneMinusMaxProb], 12);
        Assert.Equal(0.75, ev.ErrorAuroc[UncertaintyEvaluation.Entropy], 12);
        Assert.Equal(1.0, ev.ErrorAuroc["moe"], 12);
        Assert.Equal(4, ev.Reliability[1].Count);
    }
}
