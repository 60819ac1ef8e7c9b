using Sure.Errors;

namespace Sure.Evaluation;

/// <summary>
/// Classification metrics with scikit-learn semantics (see docs/metrics.md):
/// accuracy; per-class precision/recall/F1 with zero_division = 0; support-weighted F1 (average='weighted');
/// macro F1 over the classes present in gold ∪ predicted; UAR (mean recall over the classes present in gold, as
/// balanced_accuracy_score); the confusion matrix [gold][pred].
/// </summary>
public static class Metrics
{
    /// <summary>
    /// Computes every metric of one evaluation. <paramref name="gold"/> and <paramref name="predicted"/> hold class
    /// indices in [0, classNames.Length). Throws <see cref="SureUserException"/> when there is nothing to evaluate
    /// (empty input) and <see cref="ArgumentException"/> on mismatched lengths or out-of-range labels.
    /// </summary>
    public static ClassificationReport Compute(ReadOnlySpan<int> gold, ReadOnlySpan<int> predicted, string[] classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Length == 0) throw new ArgumentException("At least one class name is required.", nameof(classNames));
        if (gold.Length != predicted.Length)
            throw new ArgumentException($"gold has {gold.Length} labels but predicted has {predicted.Length}.", nameof(predicted));
        if (gold.Length == 0)
            throw new SureUserException("Nothing to evaluate: there are no labelled utterances (empty gold labels).");

        int c = classNames.Length, n = gold.Length;
        var confusion = new int[c][];
        for (int k = 0; k < c; k++) confusion[k] = new int[c];
        for (int i = 0; i < n; i++)
        {
            int g = gold[i], p = predicted[i];
            if ((uint)g >= (uint)c) throw new ArgumentException($"gold label {g} at position {i} is outside [0, {c}).", nameof(gold));
            if ((uint)p >= (uint)c) throw new ArgumentException($"predicted label {p} at position {i} is outside [0, {c}).", nameof(predicted));
            confusion[g][p]++;
        }
        return FromConfusion(confusion, classNames);
    }

    /// <summary>
    /// Every metric from a confusion matrix [gold][pred] (C × C counts, C = classNames.Length): what
    /// <see cref="Compute"/> gives for any gold/predicted pair with that confusion. Pooling evaluations is summing their
    /// confusion matrices (e.g. the held-out folds of a cross-validation). The matrix is copied. Throws
    /// <see cref="SureUserException"/> when it counts nothing and <see cref="ArgumentException"/> when it is not C × C or
    /// has a negative count.
    /// </summary>
    public static ClassificationReport FromConfusion(IReadOnlyList<IReadOnlyList<int>> counts, string[] classNames)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Length == 0) throw new ArgumentException("At least one class name is required.", nameof(classNames));
        int c = classNames.Length;
        if (counts.Count != c || counts.Any(row => row is null || row.Count != c))
            throw new ArgumentException($"The confusion matrix must be {c}×{c} (one row and column per class name).", nameof(counts));
        var confusion = new int[c][];
        int n = 0;
        for (int g = 0; g < c; g++)
        {
            confusion[g] = new int[c];
            for (int p = 0; p < c; p++)
            {
                int v = counts[g][p];
                if (v < 0) throw new ArgumentException($"The confusion matrix has a negative count ({v}) at [{g}][{p}].", nameof(counts));
                confusion[g][p] = v;
                n += v;
            }
        }
        if (n == 0)
            throw new SureUserException("Nothing to evaluate: there are no labelled utterances (empty gold labels).");

        var perClass = new ClassMetrics[c];
        int correct = 0;
        double weightedF1 = 0, macroSum = 0;
        int macroCount = 0;
        for (int k = 0; k < c; k++)
        {
            int tp = confusion[k][k], support = 0, predictedCount = 0;
            for (int j = 0; j < c; j++)
            {
                support += confusion[k][j];
                predictedCount += confusion[j][k];
            }
            correct += tp;
            double precision = predictedCount == 0 ? 0 : (double)tp / predictedCount;
            double recall = support == 0 ? 0 : (double)tp / support;
            // 2tp / (2tp + fp + fn) equals 2PR/(P+R) whenever that is defined, and is 0 when tp = 0.
            int denom = support + predictedCount; // = 2tp + fp + fn
            double f1 = denom == 0 ? 0 : 2.0 * tp / denom;
            perClass[k] = new ClassMetrics(precision, recall, f1, support);
            weightedF1 += f1 * support;
            if (denom > 0)
            {
                macroSum += f1;
                macroCount++;
            }
        }

        return new ClassificationReport(
            ClassNames: classNames,
            Accuracy: (double)correct / n,
            WeightedF1: weightedF1 / n,
            MacroF1: macroSum / macroCount, // macroCount ≥ 1 because n ≥ 1
            PerClass: perClass,
            Confusion: confusion,
            Count: n);
    }

    /// <summary>
    /// Unweighted average recall: the mean of <see cref="ClassMetrics.Recall"/> over the classes with support &gt; 0
    /// (present in the gold labels), scikit-learn's <c>balanced_accuracy_score</c>; NaN when no class has support.
    /// </summary>
    public static double UnweightedAverageRecall(IReadOnlyList<ClassMetrics> perClass)
    {
        ArgumentNullException.ThrowIfNull(perClass);
        double sum = 0;
        int present = 0;
        foreach (var m in perClass)
        {
            if (m.Support <= 0) continue;
            sum += m.Recall;
            present++;
        }
        return present == 0 ? double.NaN : sum / present;
    }

    /// <summary>A fraction as a percentage with 2 decimals, as reported in the paper: 0.75314 → 75.31.</summary>
    public static double ToPercent(double fraction) => Math.Round(100 * fraction, 2);
}
