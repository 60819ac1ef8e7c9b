using Sure.Reporting;

namespace Sure.Tests.Reporting;

public class CalibrationTests
{
    [Fact]
    public void EceMatchesHandComputedValue()
    {
        // 2 bins: (0, 0.5] and (0.5, 1].
        // bin 0: conf {0.2 wrong, 0.4 right}: mean conf 0.3, accuracy 1/2 = 0.5, gap 0.2, weight 2/5 -> 0.08
        // bin 1: conf {0.6 right, 0.8 wrong, 0.9 right}: mean conf 2.3/3 = 0.7667, accuracy 2/3 = 0.6667,
        //        gap 0.1, weight 3/5 -> 0.06
        // ECE = 0.08 + 0.06 = 0.14
        double[] conf = [0.2, 0.4, 0.6, 0.8, 0.9];
        bool[] correct = [false, true, true, false, true];
        Assert.Equal(0.14, Calibration.ExpectedCalibrationError(conf, correct, bins: 2), 12);

        var bins = Calibration.Reliability(conf, correct, bins: 2);
        Assert.Equal(2, bins.Length);
        Assert.Equal((0.0, 0.5, 2), (bins[0].Lower, bins[0].Upper, bins[0].Count));
        Assert.Equal(0.3, bins[0].MeanConfidence, 12);
        Assert.Equal(0.5, bins[0].Accuracy, 12);
        Assert.Equal(3, bins[1].Count);
        Assert.Equal(2.3 / 3, bins[1].MeanConfidence, 12);
        Assert.Equal(2.0 / 3, bins[1].Accuracy, 12);
    }

    [Fact]
    public void DefaultFifteenBins()
    {
        // One prediction, confidence 0.95, correct: its bin has accuracy 1, confidence 0.95 -> ECE = 1 · |1 − 0.95| = 0.05.
        Assert.Equal(0.05, Calibration.ExpectedCalibrationError([0.95], [true]), 12);
        var bins = Calibration.Reliability([0.95], [true]);
        Assert.Equal(15, bins.Length);
        Assert.Equal(1, bins[14].Count); // 0.95 · 15 = 14.25 -> (14/15, 15/15]
        Assert.All(bins.Take(14), b => { Assert.Equal(0, b.Count); Assert.True(double.IsNaN(b.Accuracy)); });
    }

    [Fact]
    public void BinEdgesAreUpperInclusive()
    {
        // (0, 0.5] and (0.5, 1]; 0 goes to the first bin.
        Assert.Equal(0, Calibration.BinOf(0.0, 2));
        Assert.Equal(0, Calibration.BinOf(0.5, 2));
        Assert.Equal(1, Calibration.BinOf(0.5000001, 2));
        Assert.Equal(1, Calibration.BinOf(1.0, 2));
        Assert.Equal(0, Calibration.BinOf(0.25, 4));
        Assert.Equal(1, Calibration.BinOf(0.2500001, 4));
    }

    [Fact]
    public void PerfectlyCalibratedIsZeroAndOverconfidentIsPositive()
    {
        // Bin (0.5, 1] with conf 0.75 each, 3 of 4 right: accuracy 0.75 = confidence -> 0.
        Assert.Equal(0, Calibration.ExpectedCalibrationError([0.75, 0.75, 0.75, 0.75], [true, true, true, false], 2), 12);
        // All wrong at confidence 1: ECE = |0 − 1| = 1.
        Assert.Equal(1, Calibration.ExpectedCalibrationError([1.0, 1.0], [false, false]), 12);
    }

    [Fact]
    public void EmptyIsNaNAndBadInputThrows()
    {
        Assert.True(double.IsNaN(Calibration.ExpectedCalibrationError([], [])));
        Assert.Throws<ArgumentException>(() => Calibration.ExpectedCalibrationError([0.5], [true, false]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calibration.ExpectedCalibrationError([1.5], [true]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calibration.ExpectedCalibrationError([double.NaN], [true]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calibration.ExpectedCalibrationError([0.5], [true], 0));
    }
}
