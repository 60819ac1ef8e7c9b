using Sure.Data;
using Sure.Model;

namespace Sure.Inference;

/// <summary>
/// A live conversation labelled turn by turn by a model whose labels never depend on later turns, opened with
/// <see cref="SurePredictor.OpenStream"/>. Each <see cref="Append"/> labels the new turn from the state the earlier
/// turns left (for SURE: the reasoning memory's LSTM state and rows, the transformer gate's keys and values per layer),
/// so a turn costs about the same at turn 400 as at turn 4; its prediction equals what <see cref="SurePredictor.Predict"/>
/// gives for that turn on the whole conversation. Turns are appended one at a time, in order; dispose the stream to free its state.
/// <code>
/// using var live = predictor.OpenStream("call-17");
/// var first = live.Append(new Turn("agent", "How can I help?"));
/// var second = live.Append(new Turn("customer", "My card was charged twice!"));
/// </code>
/// </summary>
public sealed class CausalStream : IDisposable
{
    private readonly SurePredictor _predictor;
    private readonly DialogueStream _stream;
    private readonly List<Utterance> _past = []; // the earlier turns a front end reads (a past-only text encoder), bounded

    internal CausalStream(SurePredictor predictor, string conversationId, DialogueStream stream)
    {
        _predictor = predictor;
        _stream = stream;
        ConversationId = conversationId;
    }

    /// <summary>The conversation's id (in every <see cref="TurnPrediction"/>).</summary>
    public string ConversationId { get; }

    /// <summary>Turns labelled so far (the next turn's 0-based index).</summary>
    public int Count => _stream.Count;

    /// <summary>Labels the next turn. A turn that lacks what the model needs (a vector of the right size for a modality
    /// given as features), or whose gold label is not one of the model's classes, is a <see cref="Errors.SureUserException"/>
    /// naming the conversation and the turn, and leaves the stream as it was.</summary>
    public TurnPrediction Append(Turn turn) => _predictor.Append(_stream, ConversationId, turn, _past);

    public void Dispose() => _predictor.Close(_stream);
}
