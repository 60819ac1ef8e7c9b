namespace Sure.Text.Bert;

/// <summary>Utterance-level scores of the fine-tuned encoder + its head on one split, in percent (2 decimals, as result.json).</summary>
public sealed record UtteranceScores(double Accuracy, double WeightedF1);

/// <summary>
/// What a fine-tuning did (<c>BertFineTuner</c> (Sure.Text.Pretrained)): epochs run and kept, seconds per training epoch, training
/// throughput, and the encoder + head alone, utterance by utterance (no dialogue model), on the validation split (which
/// chose the epoch) and the test split (reported only). Kept with the fine-tuned weights (feature cache, model file) and
/// written into the run's result.json as <c>textEncoder</c>.
/// </summary>
public sealed record FineTuningReport
{
    public int EpochsRun { get; init; }
    public int BestEpoch { get; init; }
    public double SecondsPerEpoch { get; init; }
    /// <summary>Training utterances per second (forward and backward) over the epochs run.</summary>
    public double TrainUtterancesPerSecond { get; init; }
    public UtteranceScores? Valid { get; init; }
    public UtteranceScores? Test { get; init; }
    /// <summary>Turns read on either side (<see cref="BertFineTuneOptions.Context"/>).</summary>
    public int Context { get; init; }
    /// <summary>Cross-fitting folds (<see cref="BertFineTuneOptions.Folds"/>; 0 = none): the scores above are the full-split encoder's.</summary>
    public int Folds { get; init; }
    /// <summary>A fold average's (<see cref="BertFineTuneOptions.FoldAverage"/>) K fold encoders' own reports, fold 1 first
    /// (null otherwise): no full-split encoder was fine-tuned, so <see cref="Valid"/> and <see cref="Test"/> are empty and the
    /// timings above are fold 1's.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FineTuningReport>? FoldEncoders { get; init; }
    /// <summary>Lowest transformer layers kept frozen with the embeddings (<see cref="BertFineTuneOptions.FreezeLayers"/>; 0 = none).</summary>
    public int FreezeLayers { get; init; }
    /// <summary>Batches per length-sorted chunk (<see cref="BertFineTuneOptions.BucketBatches"/>; 1 = no sorting; 0 in
    /// reports written before it was kept).</summary>
    public int BucketBatches { get; init; }
    /// <summary>Share of the token positions of the training batches that were padding, over the epochs run (0–1).</summary>
    public double PaddingShare { get; init; }
    /// <summary>libtorch intra-op threads during fine-tuning.</summary>
    public int Threads { get; init; }
}
