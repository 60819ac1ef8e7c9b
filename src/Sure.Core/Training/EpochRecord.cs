using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Sure.Training;

/// <summary>One line of history.json: what an epoch did. Losses are means over the epoch's batches (train) or over the
/// labelled utterances (valid); metrics in percent (2 decimals).</summary>
public sealed record EpochRecord
{
    [JsonPropertyName("epoch")] public int Epoch { get; init; }
    /// <summary>The training objective: NLL (class-weighted when class weights are on) + MoeLossWeight × the MoE losses.</summary>
    [JsonPropertyName("train_loss")] public double TrainLoss { get; init; }
    /// <summary>The NLL part of <see cref="TrainLoss"/> alone (the same class weighting); null in histories written before it was recorded.</summary>
    [JsonPropertyName("train_nll")] public double? TrainNll { get; init; }
    /// <summary>NLL on the validation split (the same class weighting as training, no MoE losses): comparable with
    /// <see cref="TrainNll"/>, not with <see cref="TrainLoss"/>.</summary>
    [JsonPropertyName("valid_nll")] public double ValidNll { get; init; }
    /// <summary>Read-only alias of <see cref="ValidNll"/> under its former name, so histories and trainer states written
    /// before the rename still load (and resume); never written.</summary>
    [JsonPropertyName("valid_loss"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), EditorBrowsable(EditorBrowsableState.Never)]
    public double? LegacyValidLoss { get => null; init { if (value is { } v) ValidNll = v; } }
    [JsonPropertyName("valid_accuracy")] public double ValidAccuracy { get; init; }
    [JsonPropertyName("valid_weighted_f1")] public double ValidWeightedF1 { get; init; }
    /// <summary>Only under the paper protocol, which selects on it; null otherwise (the test split is not looked at while training).</summary>
    [JsonPropertyName("test_weighted_f1")] public double? TestWeightedF1 { get; init; }
    [JsonPropertyName("test_accuracy")] public double? TestAccuracy { get; init; }
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    [JsonPropertyName("improved")] public bool Improved { get; init; }
}
