using Sure.Errors;

namespace Sure.Inference;

/// <summary>
/// One live conversation labelled turn by turn: <see cref="Append"/> adds a turn and returns its prediction and, for a
/// model that reads later turns too (<see cref="SurePredictor.IsCausal"/> false), the revised predictions of the
/// earlier turns. At every turn the predictions equal <see cref="SurePredictor.Predict"/> on the conversation so far.
/// <code>
/// using var session = new PredictorSession(predictor, "call-17");
/// var update = session.Append(new Turn("customer", "My card was charged twice!"));
/// Console.WriteLine($"{update.Prediction.Label} ({update.Prediction.Confidence:P0})");
/// </code>
/// Safe to call from many threads (appends to one session run one at a time). A turn the model cannot read (see
/// <see cref="SurePredictor.Predict"/>) is a <see cref="SureUserException"/> and is not added.
/// </summary>
public sealed class PredictorSession : IDisposable
{
    private readonly object _gate = new();
    private readonly ISessionEngine _engine;
    private readonly List<Turn> _turns = [];
    private TurnPrediction[] _predictions = [];
    private bool _disposed;

    /// <summary>A new, empty session labelled by <paramref name="predictor"/> (not owned: the caller disposes it).</summary>
    /// <param name="id">the conversation's id, as it appears in every prediction.</param>
    public PredictorSession(SurePredictor predictor, string id)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
        IsCausal = predictor.IsCausal;
        _engine = SessionEngines.For(predictor);
    }

    /// <summary>The conversation's id.</summary>
    public string Id { get; }

    /// <summary>Whether earlier predictions never change as turns are added (<see cref="SurePredictor.IsCausal"/>).</summary>
    public bool IsCausal { get; }

    /// <summary>How many turns the session holds.</summary>
    public int Count
    {
        get { lock (_gate) return _turns.Count; }
    }

    /// <summary>The turns so far, in order (a copy).</summary>
    public IReadOnlyList<Turn> Turns
    {
        get { lock (_gate) return _turns.ToArray(); }
    }

    /// <summary>The latest prediction of every turn so far, in order.</summary>
    public IReadOnlyList<TurnPrediction> Predictions
    {
        get { lock (_gate) return _predictions; }
    }

    /// <summary>Adds <paramref name="turn"/> at the end and labels it.</summary>
    public SessionUpdate Append(Turn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var labelled = _engine.Append(Id, _turns, turn);
            var all = new TurnPrediction[_turns.Count + 1];
            if (labelled.Count == all.Length) for (int i = 0; i < all.Length; i++) all[i] = labelled[i];
            else if (labelled.Count == 1)
            {
                if (!IsCausal) throw new InvalidOperationException("an engine that labels only the new turn needs a causal model.");
                _predictions.CopyTo(all, 0);
                all[^1] = labelled[0];
            }
            else throw new InvalidOperationException($"the session engine returned {labelled.Count} predictions for turn {_turns.Count}.");
            _turns.Add(turn);
            _predictions = all;
            return new SessionUpdate(all[^1], IsCausal ? [] : all[..^1]);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _engine.Dispose();
        }
    }
}

/// <summary>What <see cref="PredictorSession.Append"/> returns.</summary>
/// <param name="Prediction">the new turn's prediction.</param>
/// <param name="Revised">for a model that is not causal, the new predictions of all earlier turns, in order (they may
/// change as context arrives); empty for a causal model, whose earlier predictions stay as they were.</param>
public sealed record SessionUpdate(TurnPrediction Prediction, IReadOnlyList<TurnPrediction> Revised);

/// <summary>
/// How a <see cref="PredictorSession"/> labels a new turn: the seam where an incremental engine (cached recurrent state,
/// memory rows and attention keys/values of a causal model) can replace re-running the conversation, with no change to
/// the session's API.
/// </summary>
internal interface ISessionEngine : IDisposable
{
    /// <summary>Labels <paramref name="turn"/> following <paramref name="before"/> (the session's turns so far, which the
    /// engine must not keep a reference to). Returns the predictions of all turns (before, then the new one), or, for a
    /// causal model only, the new turn's prediction alone. Throws, with nothing changed, when the turn cannot be read.</summary>
    IReadOnlyList<TurnPrediction> Append(string id, IReadOnlyList<Turn> before, Turn turn);
}

internal static class SessionEngines
{
    /// <summary>The engine for <paramref name="predictor"/>'s sessions: from cached state when the model can stream
    /// (<see cref="SurePredictor.CanStream"/>: causal models), otherwise re-running the conversation.</summary>
    public static ISessionEngine For(SurePredictor predictor) => predictor.CanStream ? new StreamEngine(predictor) : new RerunEngine(predictor);

    /// <summary>Labels only the new turn, from the state the earlier turns left (<see cref="CausalStream"/>): the same
    /// cost at turn 400 as at turn 4.</summary>
    private sealed class StreamEngine(SurePredictor predictor) : ISessionEngine
    {
        private CausalStream? _stream;

        public IReadOnlyList<TurnPrediction> Append(string id, IReadOnlyList<Turn> before, Turn turn)
        {
            _stream ??= predictor.OpenStream(id);
            if (_stream.Count != before.Count) throw new InvalidOperationException($"conversation {id}: the stream holds {_stream.Count} turns, the session {before.Count}.");
            return [_stream.Append(turn)];
        }

        public void Dispose() => _stream?.Dispose();
    }

    /// <summary>Re-predicts the whole conversation so far at every turn: correct by construction for any model; its cost
    /// grows with the conversation's length.</summary>
    private sealed class RerunEngine(SurePredictor predictor) : ISessionEngine
    {
        public IReadOnlyList<TurnPrediction> Append(string id, IReadOnlyList<Turn> before, Turn turn) =>
            predictor.Predict(new Conversation(id, [.. before, turn]));

        public void Dispose() { }
    }
}
