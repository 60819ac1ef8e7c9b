namespace Sure.Reporting;

/// <summary>
/// One equal-width confidence bin of a reliability diagram: the interval (Lower, Upper] (the first bin also holds
/// confidence 0), how many predictions fell in it, their mean confidence and their accuracy, both fractions in [0, 1].
/// MeanConfidence and Accuracy are NaN for an empty bin.
/// </summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy)
{
    /// <summary>|Accuracy − MeanConfidence|; NaN for an empty bin.</summary>
    public double Gap => Math.Abs(Accuracy - MeanConfidence);
}
