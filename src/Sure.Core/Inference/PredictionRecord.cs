using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sure.Inference;

/// <summary>
/// A <see cref="TurnPrediction"/> as it is written out: the one definition of the field names and rounding shared by
/// <c>sure predict</c>'s JSONL (<see cref="PredictionWriter"/>) and <c>sure serve</c>'s responses. Probabilities,
/// confidence, entropy, routing weights and known-word shares have 4 decimals; expert uncertainties 4 significant
/// digits; a value that is not finite is null. "gold" is left out when the input had none. "label_name" is the
/// predicted class's readable name ("frustrated" for "fru"; a class that is already a word is its own name).
/// </summary>
public sealed record PredictionRecord(
    [property: JsonPropertyName("conversation")] string Conversation,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("speaker")] string Speaker,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("label_name")] string LabelName,
    [property: JsonPropertyName("probabilities")] IReadOnlyDictionary<string, double?> Probabilities,
    [property: JsonPropertyName("confidence")] double? Confidence,
    [property: JsonPropertyName("entropy")] double? Entropy,
    [property: JsonPropertyName("routing")] IReadOnlyDictionary<string, double?[]> Routing,
    [property: JsonPropertyName("expert_uncertainty")] IReadOnlyDictionary<string, double?[]> ExpertUncertainty,
    [property: JsonPropertyName("known_word_share")] double? KnownWordShare,
    [property: JsonPropertyName("gold"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Gold)
{
    /// <summary>How records are serialised: as named above, non-ASCII text unescaped.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record of <paramref name="p"/>, rounded.</summary>
    public static PredictionRecord From(TurnPrediction p) => new(
        p.ConversationId, p.Index, p.Speaker, p.Text, p.Label, p.DisplayLabel,
        p.Probabilities.ToDictionary(kv => kv.Key, kv => Decimals(kv.Value), StringComparer.Ordinal),
        Decimals(p.Confidence), Decimals(p.Entropy),
        p.Routing.ToDictionary(kv => kv.Key, kv => kv.Value.Select(Decimals).ToArray(), StringComparer.Ordinal),
        p.ExpertUncertainty.ToDictionary(kv => kv.Key, kv => kv.Value.Select(Significant).ToArray(), StringComparer.Ordinal),
        p.KnownWordShare is { } k ? Decimals(k) : null,
        p.Gold);

    /// <summary>4 decimals; null when not finite.</summary>
    public static double? Decimals(float x) => float.IsFinite(x) ? Math.Round(x, 4) : null;

    /// <summary>4 significant digits; null when not finite.</summary>
    public static double? Significant(float x) =>
        float.IsFinite(x) ? double.Parse(x.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null;
}
