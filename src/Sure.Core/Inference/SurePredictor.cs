namespace Sure.Inference;

/// <summary>
/// A trained model opened from its model file (<c>model.sure</c>), ready to label new conversations with no training
/// data, word-vector file or run folder:
/// <code>
/// using var predictor = SurePredictor.Open("model.sure");
/// foreach (var t in predictor.Predict(conversation)) Console.WriteLine($"{t.Speaker}: {t.Label} ({t.Confidence:P0})");
/// </code>
/// Safe to call from many threads at once.
/// </summary>
public sealed class SurePredictor : IDisposable
{
    private SurePredictor() { }

    /// <summary>Opens a model file; a missing, truncated or corrupt file, an unknown format version, a missing entry or
    /// a tensor of the wrong shape is a <see cref="Errors.SureUserException"/> with one line naming the file.</summary>
    public static SurePredictor Open(string path, PredictorOptions? options = null) => throw new NotImplementedException("SurePredictor: work in progress");

    /// <summary>The model's class names, in its output order.</summary>
    public IReadOnlyList<string> ClassNames => throw new NotImplementedException();

    /// <summary>Labels every turn of <paramref name="conversation"/>. A turn that lacks what the model needs (text for a
    /// text front end, a vector of the right size for given features) is a <see cref="Errors.SureUserException"/>
    /// naming the conversation and the turn.</summary>
    public IReadOnlyList<TurnPrediction> Predict(Conversation conversation) => throw new NotImplementedException();

    public void Dispose() { }
}

/// <summary>Runtime settings of a <see cref="SurePredictor"/>: the caller's, never process-wide defaults set by the library.</summary>
/// <param name="Threads">libtorch intra-op threads for this predictor's work (0 = leave libtorch's setting alone).</param>
public sealed record PredictorOptions(int Threads = 0);
