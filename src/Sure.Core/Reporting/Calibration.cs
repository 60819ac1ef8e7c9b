namespace Sure.Reporting;

/// <summary>
/// Calibration of predicted confidences (normally the maximum class probability) against correctness.
/// <para>Bins: <c>bins</c> equal-width intervals of [0, 1]; bin b (0-based) holds confidences in
/// (b/M, (b+1)/M], and confidence 0 goes to bin 0. A confidence lying exactly on a boundary whose floating-point
/// product with M is not exact may land in the neighbouring bin.</para>
/// <para>ECE = Σ_b |B_b|/n · |acc(B_b) − conf(B_b)|, empty bins contributing nothing (Guo et al., 2017).
/// For no predictions at all the ECE is NaN.</para>
/// </summary>
public static class Calibration
{
    public const int DefaultBins = 15;

    /// <summary>Expected calibration error as a fraction in [0, 1] (multiply by 100 for percent). NaN when there are no predictions.</summary>
    public static double ExpectedCalibrationError(double[] confidence, bool[] correct, int bins = DefaultBins)
    {
        var diagram = Reliability(confidence, correct, bins);
        int n = confidence.Length;
        if (n == 0) return double.NaN;
        double ece = 0;
        foreach (var b in diagram)
            if (b.Count > 0) ece += (double)b.Count / n * Math.Abs(b.Accuracy - b.MeanConfidence);
        return ece;
    }

    /// <summary>Reliability-diagram data: one entry per bin, in increasing confidence, empty bins included.</summary>
    public static ReliabilityBin[] Reliability(double[] confidence, bool[] correct, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(confidence);
        ArgumentNullException.ThrowIfNull(correct);
        if (confidence.Length != correct.Length)
            throw new ArgumentException($"confidence has {confidence.Length} entries but correct has {correct.Length}.");
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "bins must be ≥ 1.");
        var count = new int[bins];
        var confSum = new double[bins];
        var hits = new int[bins];
        for (int i = 0; i < confidence.Length; i++)
        {
            double c = confidence[i];
            if (!(c >= 0 && c <= 1)) // also rejects NaN
                throw new ArgumentOutOfRangeException(nameof(confidence), c, $"confidence[{i}] must be in [0, 1].");
            int b = BinOf(c, bins);
            count[b]++;
            confSum[b] += c;
            if (correct[i]) hits[b]++;
        }
        var result = new ReliabilityBin[bins];
        for (int b = 0; b < bins; b++)
        {
            double mean = count[b] == 0 ? double.NaN : confSum[b] / count[b];
            double acc = count[b] == 0 ? double.NaN : (double)hits[b] / count[b];
            result[b] = new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, count[b], mean, acc);
        }
        return result;
    }

    /// <summary>0-based bin of a confidence in [0, 1] under the (lower, upper] convention.</summary>
    public static int BinOf(double confidence, int bins) =>
        Math.Clamp((int)Math.Ceiling(confidence * bins) - 1, 0, bins - 1);
}
