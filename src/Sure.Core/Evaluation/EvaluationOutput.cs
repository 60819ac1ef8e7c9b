namespace Sure.Evaluation;

/// <summary>Predictions of one pass over a split, with its mean loss and its metrics (on labelled utterances).</summary>
public sealed class EvaluationOutput
{
    public required List<UtterancePrediction> Utterances { get; init; }
    public required double Loss { get; init; }
    public required ClassificationReport Report { get; init; }
}
