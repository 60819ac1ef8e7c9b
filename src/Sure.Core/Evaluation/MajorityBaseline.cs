namespace Sure.Evaluation;

/// <summary>
/// The majority-class baseline: always answering the training split's most frequent class. A model at or below it on
/// weighted F1 has learned nothing useful. Metrics in percent (2 decimals), as in result.json.
/// </summary>
/// <param name="ClassName">the most frequent class in the training split (the first in class order on a tie).</param>
/// <param name="Valid">accuracy and weighted F1 of always answering it, on the validation split.</param>
/// <param name="Test">the same on the test split.</param>
public sealed record MajorityBaseline(string ClassName, BaselineScores Valid, BaselineScores Test)
{
    /// <summary>The baseline of <paramref name="trainCounts"/> (labelled training utterances per class) scored on two
    /// evaluations' gold labels (the row sums of their confusion matrices).</summary>
    public static MajorityBaseline Of(IReadOnlyList<int> trainCounts, ClassificationReport valid, ClassificationReport test)
    {
        ArgumentNullException.ThrowIfNull(trainCounts);
        ArgumentNullException.ThrowIfNull(valid);
        ArgumentNullException.ThrowIfNull(test);
        if (trainCounts.Count != valid.ClassNames.Length) throw new ArgumentException($"{trainCounts.Count} class counts for {valid.ClassNames.Length} classes.", nameof(trainCounts));
        int majority = 0;
        for (int c = 1; c < trainCounts.Count; c++)
            if (trainCounts[c] > trainCounts[majority]) majority = c;
        return new MajorityBaseline(valid.ClassNames[majority], Score(valid, majority), Score(test, majority));
    }

    /// <summary>Accuracy and weighted F1 of answering <paramref name="cls"/> for every utterance <paramref name="gold"/> counts.</summary>
    public static BaselineScores Score(ClassificationReport gold, int cls)
    {
        ArgumentNullException.ThrowIfNull(gold);
        int n = gold.ClassNames.Length;
        var confusion = new int[n][];
        for (int g = 0; g < n; g++)
        {
            confusion[g] = new int[n];
            confusion[g][cls] = gold.Confusion[g].Sum();
        }
        var r = Metrics.FromConfusion(confusion, gold.ClassNames);
        return new BaselineScores(Metrics.ToPercent(r.Accuracy), Metrics.ToPercent(r.WeightedF1));
    }
}

/// <summary>A baseline's accuracy and weighted F1 on one split, in percent.</summary>
public sealed record BaselineScores(double Accuracy, double WeightedF1);
