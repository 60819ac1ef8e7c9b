using Sure.Inference;

namespace Sure.Server;

/// <summary>A conversation to label (POST /v1/predict).</summary>
/// <param name="Id">the conversation's id, echoed in every prediction (default "1").</param>
/// <param name="Turns">its turns, in order (at least one).</param>
public sealed record PredictRequest(string? Id, List<TurnRequest?>? Turns);

/// <summary>One turn: who speaks and what was said (and, for a model trained on given vectors, its vectors).</summary>
/// <param name="Speaker">who speaks (any string; speakers are told apart by name within a conversation).</param>
/// <param name="Text">what was said.</param>
/// <param name="Features">vectors by modality ("text", "audio", "visual"), for a model trained on given vectors.</param>
/// <param name="Label">the gold class, when known (echoed as "gold").</param>
public sealed record TurnRequest(string? Speaker, string? Text, Dictionary<string, float[]?>? Features = null, string? Label = null);

/// <summary>The predictions for a whole conversation, one per turn in order.</summary>
public sealed record PredictResponse(string Conversation, IReadOnlyList<PredictionRecord> Turns);

/// <summary>A new live session (POST /v1/sessions).</summary>
/// <param name="Id">the session's id: the path of its utterances (unguessable; treat as a secret).</param>
/// <param name="Causal">true when earlier turns never change as turns are added.</param>
/// <param name="MaxTurns">most turns the session can take.</param>
/// <param name="IdleTimeoutSeconds">the session is closed after this long unused.</param>
public sealed record SessionCreated(string Id, bool Causal, int MaxTurns, double IdleTimeoutSeconds);

/// <summary>A session's turns so far, each with its latest prediction (GET /v1/sessions/{id}).</summary>
public sealed record SessionState(string Id, bool Causal, DateTimeOffset CreatedUtc, DateTimeOffset LastUsedUtc, IReadOnlyList<PredictionRecord> Turns);

/// <summary>The new turn's prediction and, for a model that is not causal, the revised predictions of all earlier turns.</summary>
public sealed record UtteranceResponse(string Session, PredictionRecord Prediction, IReadOnlyList<PredictionRecord> Revised);

/// <summary>What the served model is (GET /v1/model).</summary>
public sealed record ModelDescription(
    string File, string Dataset, IReadOnlyList<string> Classes, IReadOnlyList<string> Modalities, IReadOnlyDictionary<string, int> Dims,
    bool Causal, TextFrontEndInfo TextFrontEnd, long Parameters, DateTime CreatedUtc, string MadeBy, TrainingDataInfo TrainingData,
    System.Text.Json.Nodes.JsonObject? Metrics, Limits Limits);

/// <summary>The server's limits, as configured.</summary>
public sealed record Limits(long MaxRequestBytes, int MaxTurns, int MaxTextChars, int MaxSessions, double SessionIdleTimeoutSeconds);
