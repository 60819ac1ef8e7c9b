using System.Text.Json.Serialization;

namespace Sure.Training;

/// <summary>One line of history.json: what an epoch did. Metrics in percent (2 decimals).</summary>
public sealed record EpochRecord
{
    [JsonPropertyName("epoch")] public int Epoch { get; init; }
    [JsonPropertyName("train_loss")] public double TrainLoss { get; init; }
    [JsonPropertyName("valid_loss")] public double ValidLoss { get; init; }
    [JsonPropertyName("valid_accuracy")] public double ValidAccuracy { get; init; }
    [JsonPropertyName("valid_weighted_f1")] public double ValidWeightedF1 { get; init; }
    /// <summary>Only under the paper protocol, which selects on it; null otherwise (the test split is not looked at while training).</summary>
    [JsonPropertyName("test_weighted_f1")] public double? TestWeightedF1 { get; init; }
    [JsonPropertyName("test_accuracy")] public double? TestAccuracy { get; init; }
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    [JsonPropertyName("improved")] public bool Improved { get; init; }
}
