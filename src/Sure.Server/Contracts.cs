using Sure.Inference;

namespace Sure.Server;

/// <summary>A conversation to label (POST /v1/predict).</summary>
/// <param name="Id">the conversation's id, echoed in every prediction (default "1").</param>
/// <param name="Turns">its turns, in order (at least one).</param>
public sealed record PredictRequest(string? Id, List<TurnRequest?>? Turns);

/// <summary>One turn: who speaks and what was said (and, for a model trained on given vectors, its vectors; for a model
/// with an audio front end, its recording).</summary>
/// <param name="Speaker">who speaks (any string; speakers are told apart by name within a conversation).</param>
/// <param name="Text">what was said.</param>
/// <param name="Features">vectors by modality ("text", "audio", "visual"), for a model trained on given vectors.</param>
/// <param name="Label">the gold class, when known (echoed as "gold").</param>
/// <param name="Audio">the turn's recording, for a model with an audio front end (<c>front_ends</c> in /v1/model).</param>
public sealed record TurnRequest(string? Speaker, string? Text, Dictionary<string, float[]?>? Features = null, string? Label = null, AudioRequest? Audio = null);

/// <summary>A turn's recording: a WAV, MP3 or Ogg Vorbis file (other containers when the server has ffmpeg), recognised
/// by its first bytes, given inline as base64 or, in a multipart/form-data request, as a file part named here.</summary>
/// <param name="Base64">the file's bytes in base64 (a <c>data:…;base64,</c> URL prefix is allowed).</param>
/// <param name="Part">the name of the request's file part that holds the recording (multipart/form-data only).</param>
/// <param name="Name">a name for the recording in error messages (default: the part's file name, or the field).</param>
public sealed record AudioRequest(string? Base64 = null, string? Part = null, string? Name = null);

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
/// <param name="ClassDisplayNames">readable names of <paramref name="Classes"/>, in the same order ("frustrated" for "fru").</param>
/// <param name="Server">the Sure build that serves it, e.g. "Sure 0.1.0" (the model file's own is <paramref name="MadeBy"/>).</param>
/// <param name="Warnings">what a user must know about the model's training result (e.g. at or below always answering
/// the majority class); empty when none.</param>
public sealed record ModelDescription(
    string File, string Dataset, IReadOnlyList<string> Classes, IReadOnlyList<string> ClassDisplayNames, IReadOnlyList<string> Warnings, IReadOnlyList<string> Modalities, IReadOnlyDictionary<string, int> Dims,
    bool Causal, TextFrontEndInfo TextFrontEnd, IReadOnlyList<ServedFrontEnd> FrontEnds, bool ReadsRecordings, long Parameters, DateTime CreatedUtc,
    string MadeBy, TrainingDataInfo TrainingData, System.Text.Json.Nodes.JsonObject? Metrics, Limits Limits, string Server);

/// <summary>A front end in the model file that makes a modality's vectors from raw input (the manifest's <c>front_ends</c>),
/// e.g. <c>{"modality": "audio", "kind": "descriptors", "dim": 88}</c>: then turns carry recordings, not vectors.</summary>
/// <param name="Modality">"text", "audio" or "visual".</param>
/// <param name="Kind">the front end's kind ("descriptors", "logmel-cnn", …).</param>
/// <param name="Dim">the size of the vectors it makes.</param>
/// <param name="Settings">its settings and version, as the model file records them.</param>
public sealed record ServedFrontEnd(string Modality, string Kind, int Dim, System.Text.Json.Nodes.JsonObject Settings);

/// <summary>The server's limits, as configured (<c>max_request_bytes</c>: the limit in force, default included).</summary>
public sealed record Limits(long MaxRequestBytes, int MaxTurns, int MaxTextChars, int MaxSessions, double SessionIdleTimeoutSeconds, long MaxAudioBytes, double MaxAudioSeconds,
    long MaxSessionAudioBytes);
