using Sure.Errors;
using Sure.Evaluation;

namespace Sure.Tests.Evaluation;

public class MetricsTests
{
    private const double Tol = 1e-12;

    [Fact]
    public void ClassNeverPredicted_HandWorked()
    {
        // gold = [A,A,A,B,B,C], pred = [A,A,B,B,A,B]; C is never predicted.
        // confusion [gold][pred]:  A: [2,1,0]   B: [1,1,0]   C: [0,1,0]
        // accuracy = (2+1+0)/6 = 0.5
        // A: tp=2, predicted=3, support=3 → P=2/3, R=2/3, F1=2/3
        // B: tp=1, predicted=3, support=2 → P=1/3, R=1/2, F1=2·1/(2+3)=0.4
        // C: tp=0, predicted=0, support=1 → P=0 (zero division → 0), R=0, F1=0
        // weighted F1 = (3·2/3 + 2·0.4 + 1·0)/6 = 2.8/6 = 0.4666…
        // macro F1 over gold ∪ pred = {A,B,C}: (2/3 + 0.4 + 0)/3 = 0.3555…
        var r = Metrics.Compute([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 0, 1], ["A", "B", "C"]);
        Assert.Equal(6, r.Count);
        Assert.Equal(0.5, r.Accuracy, Tol);
        Assert.Equal(2.8 / 6, r.WeightedF1, Tol);
        Assert.Equal((2.0 / 3 + 0.4) / 3, r.MacroF1, Tol);
        Assert.Equal(2.0 / 3, r.PerClass[0].Precision, Tol);
        Assert.Equal(2.0 / 3, r.PerClass[0].Recall, Tol);
        Assert.Equal(2.0 / 3, r.PerClass[0].F1, Tol);
        Assert.Equal(3, r.PerClass[0].Support);
        Assert.Equal(1.0 / 3, r.PerClass[1].Precision, Tol);
        Assert.Equal(0.5, r.PerClass[1].Recall, Tol);
        Assert.Equal(0.4, r.PerClass[1].F1, Tol);
        Assert.Equal(2, r.PerClass[1].Support);
        Assert.Equal(new ClassMetrics(0, 0, 0, 1), r.PerClass[2]);
        Assert.Equal(new[] { 2, 1, 0 }, r.Confusion[0]);
        Assert.Equal(new[] { 1, 1, 0 }, r.Confusion[1]);
        Assert.Equal(new[] { 0, 1, 0 }, r.Confusion[2]);
        Assert.Equal(46.67, Metrics.ToPercent(r.WeightedF1));
        Assert.Equal(35.56, Metrics.ToPercent(r.MacroF1));
    }

    [Fact]
    public void ClassesAbsentFromGold_HaveZeroWeight_AndMacroUsesGoldUnionPredicted()
    {
        // classes A,B,C,D; gold = [A,B,B,A], pred = [A,B,A,C]. C is predicted but absent from gold; D absent from both.
        // confusion: A: [1,0,1,0]   B: [1,1,0,0]   C, D: zeros
        // accuracy = 2/4 = 0.5
        // A: tp=1, predicted=2, support=2 → P=1/2, R=1/2, F1=1/2
        // B: tp=1, predicted=1, support=2 → P=1, R=1/2, F1=2·1/(2+1)=2/3
        // C: tp=0, predicted=1, support=0 → P=0, R=0 (zero division), F1=0
        // D: nothing → 0, 0, 0, support 0, and not part of the macro average
        // weighted F1 = (2·1/2 + 2·2/3 + 0·0 + 0·0)/4 = (7/3)/4 = 7/12
        // macro F1 over {A,B,C} = (1/2 + 2/3 + 0)/3 = 7/18   (sklearn f1_score(..., average='macro') without labels=)
        var r = Metrics.Compute([0, 1, 1, 0], [0, 1, 0, 2], ["A", "B", "C", "D"]);
        Assert.Equal(0.5, r.Accuracy, Tol);
        Assert.Equal(7.0 / 12, r.WeightedF1, Tol);
        Assert.Equal(7.0 / 18, r.MacroF1, Tol);
        Assert.Equal(1.0, r.PerClass[1].Precision, Tol);
        Assert.Equal(2.0 / 3, r.PerClass[1].F1, Tol);
        Assert.Equal(new ClassMetrics(0, 0, 0, 0), r.PerClass[2]);
        Assert.Equal(new ClassMetrics(0, 0, 0, 0), r.PerClass[3]);
        Assert.Equal(new[] { 0, 0, 0, 0 }, r.Confusion[3]);
        Assert.Equal(4, r.Confusion.Sum(row => row.Sum()));
    }

    [Fact]
    public void PerfectPrediction_IsOneEverywhere()
    {
        // only B and C occur: macro over {B, C} = (1 + 1)/2 = 1; A has support 0 and is left out.
        var r = Metrics.Compute([1, 2, 2], [1, 2, 2], ["A", "B", "C"]);
        Assert.Equal(1.0, r.Accuracy);
        Assert.Equal(1.0, r.WeightedF1, Tol);
        Assert.Equal(1.0, r.MacroF1, Tol);
        Assert.Equal(new ClassMetrics(0, 0, 0, 0), r.PerClass[0]);
    }

    [Fact]
    public void AllWrong_IsZero()
    {
        // gold = [A,B], pred = [B,A]: every tp = 0 → every F1 = 0; precision/recall 0 (defined, not zero-division).
        var r = Metrics.Compute([0, 1], [1, 0], ["A", "B"]);
        Assert.Equal(0.0, r.Accuracy);
        Assert.Equal(0.0, r.WeightedF1);
        Assert.Equal(0.0, r.MacroF1);
    }

    [Fact]
    public void EmptyInput_IsAClearError()
    {
        var e = Assert.Throws<SureUserException>(() => Metrics.Compute([], [], ["A", "B"]));
        Assert.Contains("Nothing to evaluate", e.Message);
    }

    [Fact]
    public void BadInputs_Throw()
    {
        Assert.Throws<ArgumentException>(() => Metrics.Compute([0, 1], [0], ["A", "B"]));
        Assert.Throws<ArgumentException>(() => Metrics.Compute([0, 2], [0, 1], ["A", "B"]));
        Assert.Throws<ArgumentException>(() => Metrics.Compute([0, 1], [0, -1], ["A", "B"]));
        Assert.Throws<ArgumentException>(() => Metrics.Compute([0], [0], []));
    }

    [Fact]
    public void ToPercent_RoundsToTwoDecimals()
    {
        Assert.Equal(75.31, Metrics.ToPercent(0.753149));
        Assert.Equal(100.0, Metrics.ToPercent(1.0));
        Assert.Equal(0.0, Metrics.ToPercent(0.0));
        Assert.Equal(66.67, Metrics.ToPercent(2.0 / 3));
    }
    [Fact]
    public void Uar_ThreeClasses_HandWorked()
    {
        // gold = A×4, B×3, C×2; confusion [gold][pred]:  A: [3,1,0]   B: [1,1,1]   C: [0,0,2]
        // recall: A = 3/4, B = 1/3, C = 2/2 = 1  →  UAR = (3/4 + 1/3 + 1)/3 = (9/12 + 4/12 + 12/12)/3 = 25/36 = 0.69444…
        // (sklearn balanced_accuracy_score gives 25/36 too), while accuracy = (3+1+2)/9 = 2/3: UAR weighs the small class C
        // as much as A.
        int[] gold = [0, 0, 0, 0, 1, 1, 1, 2, 2];
        int[] pred = [0, 0, 0, 1, 0, 1, 2, 2, 2];
        var r = Metrics.Compute(gold, pred, ["A", "B", "C"]);
        Assert.Equal(25.0 / 36, r.Uar, Tol);
        Assert.Equal(2.0 / 3, r.Accuracy, Tol);
        Assert.Equal(69.44, Metrics.ToPercent(r.Uar));
    }

    [Fact]
    public void Uar_CountsOnlyClassesPresentInGold()
    {
        // first example: recalls A = 2/3, B = 1/2, C = 0 (C present in gold, never predicted: it counts, with 0)
        // → UAR = (2/3 + 1/2 + 0)/3 = (4/6 + 3/6)/3 = 7/18
        Assert.Equal(7.0 / 18, Metrics.Compute([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 0, 1], ["A", "B", "C"]).Uar, Tol);
        // second example: gold holds A and B only, recall 1/2 each; C (predicted, absent from gold) and D (nowhere) are
        // left out → UAR = (1/2 + 1/2)/2 = 1/2, not (1/2 + 1/2 + 0 + 0)/4
        Assert.Equal(0.5, Metrics.Compute([0, 1, 1, 0], [0, 1, 0, 2], ["A", "B", "C", "D"]).Uar, Tol);
        // perfect prediction over B and C only: 1 (A has no support)
        Assert.Equal(1.0, Metrics.Compute([1, 2, 2], [1, 2, 2], ["A", "B", "C"]).Uar, Tol);
    }

    [Fact]
    public void Uar_IsNaNWithoutSupport()
    {
        Assert.True(double.IsNaN(Metrics.UnweightedAverageRecall([new ClassMetrics(0, 0, 0, 0), new ClassMetrics(0, 0, 0, 0)])));
        Assert.True(double.IsNaN(Metrics.UnweightedAverageRecall([])));
    }

    [Fact]
    public void FromConfusion_GivesWhatComputeGives_AndPoolsBySumming()
    {
        // two evaluations of the same classes: pooled = the metrics of their concatenation = FromConfusion of the summed counts
        int[] g1 = [0, 0, 1, 2], p1 = [0, 1, 1, 2];
        int[] g2 = [1, 1, 2, 0, 0], p2 = [1, 0, 2, 2, 0];
        var names = new[] { "A", "B", "C" };
        var r1 = Metrics.Compute(g1, p1, names);
        var r2 = Metrics.Compute(g2, p2, names);
        var sum = Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, 3).Select(j => r1.Confusion[i][j] + r2.Confusion[i][j]).ToArray()).ToArray();
        var pooled = Metrics.FromConfusion(sum, names);
        var whole = Metrics.Compute([.. g1, .. g2], [.. p1, .. p2], names);
        Assert.Equal((whole.Accuracy, whole.WeightedF1, whole.MacroF1, whole.Uar, whole.Count), (pooled.Accuracy, pooled.WeightedF1, pooled.MacroF1, pooled.Uar, pooled.Count));
        Assert.Equal(whole.PerClass, pooled.PerClass);
        Assert.Equal(whole.Confusion, pooled.Confusion);
        // by hand: pooled confusion A: [2,1,1]  B: [1,2,0]  C: [0,0,2] → accuracy 6/9; recalls 2/4, 2/3, 2/2
        // → UAR (1/2 + 2/3 + 1)/3 = (3/6 + 4/6 + 6/6)/3 = 13/18
        Assert.Equal(new[] { 2, 1, 1 }, pooled.Confusion[0]);
        Assert.Equal(2.0 / 3, pooled.Accuracy, Tol);
        Assert.Equal(13.0 / 18, pooled.Uar, Tol);
    }

    [Fact]
    public void FromConfusion_RejectsBadMatrices()
    {
        Assert.Throws<ArgumentException>(() => Metrics.FromConfusion([[1, 0]], ["A", "B"]));
        Assert.Throws<ArgumentException>(() => Metrics.FromConfusion([[1, -1], [0, 1]], ["A", "B"]));
        Assert.Contains("Nothing to evaluate", Assert.Throws<SureUserException>(() => Metrics.FromConfusion([[0, 0], [0, 0]], ["A", "B"])).Message);
    }
}
