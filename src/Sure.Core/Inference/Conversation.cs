namespace Sure.Inference;

/// <summary>
/// A conversation to label, built in code or read from a file: an id and its turns in order. Text is enough when the
/// model's text front end makes features from raw text (GloVe TextCNN, end-to-end encoder); a model trained on given
/// vectors needs each turn's vectors in <see cref="Turn.Features"/>.
/// <code>
/// var call = new Conversation("call-17", [new Turn("agent", "How can I help?"), new Turn("customer", "My card was charged twice!")]);
/// </code>
/// </summary>
public sealed record Conversation(string Id, IReadOnlyList<Turn> Turns);

/// <summary>One turn of a <see cref="Conversation"/>.</summary>
/// <param name="Speaker">who speaks (any string; speakers are told apart within a conversation, by first appearance).</param>
/// <param name="Text">what was said; null or empty when the model reads only given vectors.</param>
/// <param name="Label">the gold class name when known (then metrics can be computed); null otherwise.</param>
/// <param name="Features">given feature vectors by modality name ("text", "audio", "visual"); null when none.</param>
/// <param name="Audio">the turn's recording (or segment of one: absolute path, start/end in seconds), for a model with an
/// audio front end, when the input names it (sure-jsonl "audio"/"start"/"end", a WebVTT cue beside its recording); null
/// when none (a missing modality).</param>
public sealed record Turn(string Speaker, string? Text, string? Label = null, IReadOnlyDictionary<string, float[]>? Features = null, Sure.Data.AudioSegment? Audio = null);

/// <summary>
/// The prediction for one turn: the label, the probability of every class, and how sure the model is. The one record
/// written by <c>sure predict</c> (JSONL/CSV), returned by <see cref="SurePredictor"/> and sent by <c>sure serve</c>.
/// </summary>
/// <param name="ConversationId">the conversation's id.</param>
/// <param name="Index">the turn's 0-based position in its conversation.</param>
/// <param name="Speaker">the turn's speaker.</param>
/// <param name="Text">the turn's text (null when none was given).</param>
/// <param name="Label">the predicted class name.</param>
/// <param name="Probabilities">class name → probability, in the model's class order.</param>
/// <param name="Confidence">the probability of <paramref name="Label"/>.</param>
/// <param name="Entropy">predictive entropy of <paramref name="Probabilities"/> in nats (0 = certain; ln(classes) = uniform).</param>
/// <param name="Routing">per modality used by the MoE: routing weights over its experts (sum to 1); empty without the MoE.</param>
/// <param name="ExpertUncertainty">per modality used by the MoE: each expert's uncertainty u_e (mean predicted variance).</param>
/// <param name="KnownWordShare">share of the turn's word tokens the text front end knows (0–1); null when the text front
/// end does not read words (given vectors) or the turn has no word.</param>
/// <param name="Gold">the gold class name when the input had one; null otherwise.</param>
/// <param name="LabelName">the readable name of <paramref name="Label"/> ("frustrated" for "fru"), from the model file;
/// null: derived from the id (<see cref="Data.Formats.EmotionClasses.DisplayName"/>, see <see cref="DisplayLabel"/>).</param>
public sealed record TurnPrediction(
    string ConversationId, int Index, string Speaker, string? Text, string Label,
    IReadOnlyDictionary<string, float> Probabilities, float Confidence, float Entropy,
    IReadOnlyDictionary<string, float[]> Routing, IReadOnlyDictionary<string, float[]> ExpertUncertainty,
    float? KnownWordShare, string? Gold = null, string? LabelName = null)
{
    /// <summary><see cref="LabelName"/>, or the id's known display name when none was given.</summary>
    public string DisplayLabel => LabelName ?? Data.Formats.EmotionClasses.DisplayName(Label);
}
