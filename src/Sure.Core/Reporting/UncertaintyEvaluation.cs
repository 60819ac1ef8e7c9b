namespace Sure.Reporting;

/// <summary>
/// Calibration and error-detection quality of one evaluation: ECE with its reliability diagram (confidence = max
/// probability) and the AUROC of each uncertainty score at ranking errors. All values are fractions in [0, 1];
/// an AUROC is NaN when the evaluation has no error or no correct prediction.
/// </summary>
public sealed record UncertaintyEvaluation(double Ece, ReliabilityBin[] Reliability, IReadOnlyDictionary<string, double> ErrorAuroc)
{
    /// <summary>Key of the predictive-entropy score in <see cref="ErrorAuroc"/>.</summary>
    public const string Entropy = "entropy";
    /// <summary>Key of the 1 − max probability score in <see cref="ErrorAuroc"/>.</summary>
    public const string OneMinusMaxProb = "one_minus_max_prob";

    /// <summary>
    /// Computes everything from predicted class distributions and gold labels. <paramref name="extraScores"/> adds
    /// further per-prediction scores (higher = more uncertain, e.g. the MoE experts' mean uncertainty) under their names.
    /// </summary>
    public static UncertaintyEvaluation Compute(IReadOnlyList<double[]> probs, IReadOnlyList<int> gold,
        IReadOnlyDictionary<string, double[]>? extraScores = null, int bins = Calibration.DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(probs);
        ArgumentNullException.ThrowIfNull(gold);
        if (probs.Count != gold.Count) throw new ArgumentException($"{probs.Count} predictions but {gold.Count} gold labels.");
        int n = probs.Count;
        var confidence = new double[n];
        var correct = new bool[n];
        var isError = new bool[n];
        var entropy = new double[n];
        var oneMinusMax = new double[n];
        for (int i = 0; i < n; i++)
        {
            confidence[i] = Math.Clamp(UncertaintyScores.MaxProbability(probs[i]), 0, 1);
            correct[i] = UncertaintyScores.ArgMax(probs[i]) == gold[i];
            isError[i] = !correct[i];
            entropy[i] = UncertaintyScores.PredictiveEntropy(probs[i]);
            oneMinusMax[i] = 1 - confidence[i];
        }
        var auroc = new Dictionary<string, double>
        {
            [Entropy] = ErrorDetection.Auroc(entropy, isError),
            [OneMinusMaxProb] = ErrorDetection.Auroc(oneMinusMax, isError),
        };
        if (extraScores is not null)
            foreach (var (name, score) in extraScores)
            {
                if (score.Length != n) throw new ArgumentException($"score '{name}' has {score.Length} entries, expected {n}.");
                auroc[name] = ErrorDetection.Auroc(score, isError);
            }
        return new UncertaintyEvaluation(
            Calibration.ExpectedCalibrationError(confidence, correct, bins),
            Calibration.Reliability(confidence, correct, bins),
            auroc);
    }
}
