using Sure.Configuration;
using Sure.Data;
using Sure.Errors;
using Sure.Evaluation;
using Sure.IO;
using Sure.Model;
using Sure.Text;
using TorchSharp;

namespace Sure.Inference;

/// <summary>
/// A trained model opened from its model file (<c>model.sure</c>, see <see cref="ModelFile"/>), ready to label new
/// conversations with no training data, word-vector file or run folder:
/// <code>
/// using var predictor = SurePredictor.Open("model.sure");
/// var call = new Conversation("call-17", [new Turn("agent", "How can I help?"), new Turn("customer", "My card was charged twice!")]);
/// foreach (var t in predictor.Predict(call)) Console.WriteLine($"{t.Speaker}: {t.Label} ({t.Confidence:P0})");
/// </code>
/// Safe to call from many threads at once (predictions run one at a time inside). Runs on the CPU.
/// </summary>
public sealed partial class SurePredictor : IDisposable
{
    private readonly object _gate = new();
    private readonly DialogueModel _model;
    private readonly ModelInputs _inputs;
    private readonly Modality[] _used;
    private readonly int[] _dims;
    /// <summary>Whether the model's own end-to-end text encoder reads the turns' text (<see cref="EndToEndText"/>).</summary>
    private readonly bool _endToEnd;
    /// <summary>The vocabulary behind the text input (a GloVe front end's or the end-to-end encoder's), for each turn's known-word share.</summary>
    private readonly FrontEnds.IVocabularyCoverage? _vocabulary;
    /// <summary>The front ends of the model file (e.g. text from transcripts, audio from recordings), by modality.</summary>
    private readonly Dictionary<Modality, FrontEnds.IFrontEnd> _frontEnds;
    private readonly string[] _classes;
    private readonly Dictionary<string, int> _classIndex;
    private readonly IReadOnlyList<string> _displayNames;
    private bool _disposed;

    /// <summary>What the model file says about the model: classes, modalities, dims, configuration, text front end, training data, metrics.</summary>
    public ModelManifest Manifest { get; }
    /// <summary>The model's class names, in its output order.</summary>
    public IReadOnlyList<string> ClassNames => _classes;
    /// <summary>Readable names of <see cref="ClassNames"/>, in the same order ("frustrated" for "fru").</summary>
    public IReadOnlyList<string> DisplayNames => _displayNames;
    /// <summary>What the user must know about the model's training result (at or below the majority class, stopped while
    /// still improving), from the model file; empty when none (or a file written before warnings were recorded).</summary>
    public IReadOnlyList<string> Warnings => Manifest.Warnings;
    /// <summary>The model file's path.</summary>
    public string Path { get; }
    /// <summary>Whether a turn's prediction depends only on it and the turns before it (causal context, or a model that
    /// reads each utterance alone), so earlier predictions never change when turns are added.</summary>
    public bool IsCausal { get; }
    /// <summary>How text becomes model input: "features" (vectors given with each turn), or from raw text: "textcnn",
    /// "end2end", "minilm", "arctic-xs", "minilm-ft", "arctic-xs-ft".</summary>
    public string TextFrontEnd => Manifest.TextFrontEnd.Kind;

    private SurePredictor(string path, ModelFileContents contents)
    {
        Path = path;
        Manifest = contents.Manifest;
        var config = contents.Model;
        _classes = Manifest.Classes;
        _displayNames = Manifest.DisplayNames;
        _classIndex = _classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        _used = Modalities.Parse(config.Modalities);
        _dims = Modalities.All.Select(m => Manifest.Dims[m.Name()]).ToArray();
        _frontEnds = contents.FrontEnds.ToDictionary(f => f.Modality);
        StreamPastTurns = _frontEnds.Where(f => _used.Contains(f.Key)).Select(f => f.Value.PastTurns).DefaultIfEmpty(0).Max();
        var e2e = contents.EndToEndVocabulary is { } v ? EndToEndText.ForWeights(v, Manifest.TextFrontEnd.EmbeddingDim, contents.EndToEndTextCnn ?? new TextCnnOptions(), path) : null;
        _endToEnd = e2e is not null;
        _vocabulary = _frontEnds.GetValueOrDefault(Modality.Text) as FrontEnds.IVocabularyCoverage ?? contents.EndToEndVocabulary;
        IsCausal = (config.Model is "linear" or "mlp" || config.Context == ContextMode.Causal) && _frontEnds.Values.All(f => f.Streamable);
        _model = DialogueModels.Build(config, _dims, _classes.Length, e2e?.Build());
        try
        {
            TensorData.LoadInto(_model, contents.Weights, $"{path}!{ModelFile.WeightsEntry}");
        }
        catch
        {
            _model.Dispose();
            throw;
        }
        _model.eval();
        _inputs = ModelInputs.For(config, _dims, torch.CPU, e2e);
    }

    /// <summary>Opens a model file; a missing, truncated or corrupt file, an unknown format version, a missing entry or
    /// a tensor of the wrong shape is a <see cref="SureUserException"/> with one line naming the file.</summary>
    public static SurePredictor Open(string path, PredictorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var contents = ModelFile.Read(path, options?.FrontEnds, new FrontEnds.FrontEndRuntime(Math.Max(1, options?.Threads ?? 1)));
        try
        {
            return new SurePredictor(path, contents) { BatchTurns = options?.BatchTurns is > 0 and var b ? b : PredictorOptions.DefaultBatchTurns };
        }
        catch (Exception e) when (e is not SureUserException)
        {
            contents.DisposeFrontEnds();
            throw new SureUserException($"{path}: the model cannot be rebuilt from this file ({e.Message.Split('\n')[0]}).");
        }
        catch
        {
            contents.DisposeFrontEnds();
            throw;
        }
    }

    /// <summary>Labels every turn of <paramref name="conversation"/>. A turn that lacks what the model needs (a vector of
    /// the right size for a modality given as features), or whose gold label is not one of the model's classes, is a
    /// <see cref="SureUserException"/> naming the conversation and the turn.</summary>
    public IReadOnlyList<TurnPrediction> Predict(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return PredictMany([conversation])[0];
    }

    /// <summary>Labels every turn of each of <paramref name="conversations"/>, many per pass: the front ends encode the
    /// turns of several conversations together and the model reads padded batches of conversations (at most
    /// <see cref="BatchTurns"/> turns, padding included, per pass; a longer conversation goes alone). The result is one
    /// list per conversation, in order, equal to <see cref="Predict"/> on each (up to float rounding). Errors are those of
    /// <see cref="Predict"/>, naming the conversation and turn (a turn's missing vectors or unknown gold label are checked
    /// for all conversations, in order, before any is labelled; a front end's error, e.g. an unreadable recording, comes
    /// with its pass); nothing is returned then: label the conversations one by one to find each one's error.</summary>
    public IReadOnlyList<IReadOnlyList<TurnPrediction>> PredictMany(IReadOnlyList<Conversation> conversations)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var dialogues = new Dialogue[conversations.Count];
        var turns = new IReadOnlyList<Turn>[conversations.Count];
        for (int k = 0; k < conversations.Count; k++)
        {
            var conversation = conversations[k] ?? throw new SureUserException("a conversation is null.");
            var id = conversation.Id ?? throw new SureUserException("a conversation has no id.");
            turns[k] = conversation.Turns ?? throw new SureUserException($"conversation {id}: no turns (null).");
            dialogues[k] = new Dialogue { Id = id, Split = Split.Test, Utterances = turns[k].Select((t, i) => ToUtterance(t, id, i)).ToList() };
        }
        var result = new IReadOnlyList<TurnPrediction>[conversations.Count];
        for (int k = 0; k < result.Length; k++) if (dialogues[k].Count == 0) result[k] = [];
        foreach (var chunk in Batches(dialogues, BatchTurns))
        {
            var batch = chunk.Select(k => dialogues[k]).ToList();
            AddFrontEndFeatures(batch);
            IReadOnlyList<UtterancePrediction> raw;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                raw = Evaluator.Evaluate(_model, batch, _inputs, _classes, batch.Count, diagnostics: true).Utterances;
            }
            int at = 0;
            foreach (var k in chunk)
            {
                result[k] = raw.Skip(at).Take(dialogues[k].Count).Select(p => ToTurn(p, turns[k][p.Index])).ToList();
                at += dialogues[k].Count;
            }
        }
        return result;
    }

    /// <summary>Most turns, padding included, in one pass of <see cref="PredictMany"/> (<see cref="PredictorOptions.BatchTurns"/>).</summary>
    public int BatchTurns { get; init; } = PredictorOptions.DefaultBatchTurns;

    /// <summary>The non-empty dialogues' indices in passes: sorted by length (little padding), each pass at most
    /// <paramref name="budget"/> turns once padded to its longest (a longer dialogue alone).</summary>
    internal static List<List<int>> Batches(IReadOnlyList<Dialogue> dialogues, int budget)
    {
        var order = Enumerable.Range(0, dialogues.Count).Where(k => dialogues[k].Count > 0).OrderBy(k => dialogues[k].Count).ToList();
        var batches = new List<List<int>>();
        foreach (var k in order)
        {
            if (batches.Count == 0 || (batches[^1].Count + 1) * dialogues[k].Count > budget) batches.Add([]);
            batches[^1].Add(k);
        }
        return batches;
    }

    /// <summary>Whether <see cref="OpenStream"/> works: the model labels each new turn from cached state (a causal SURE
    /// or bigru model, or linear/mlp); false for a bidirectional model, whose earlier labels change as turns arrive, and for a text encoder
    /// fine-tuned to read the turns after each utterance (<c>--encoder-context</c>).</summary>
    public bool CanStream => _model.CanStream && _frontEnds.Values.All(f => f.Streamable);

    /// <summary>Opens a live conversation labelled turn by turn: each <see cref="CausalStream.Append"/> labels the new turn
    /// from the state the earlier turns left (no re-run of the conversation), with the same result as <see cref="Predict"/>
    /// on the conversation so far gives for its last turn.</summary>
    /// <exception cref="NotSupportedException">the model is bidirectional (<see cref="CanStream"/> is false): re-predict the whole conversation instead.</exception>
    public CausalStream OpenStream(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!CanStream)
            throw new NotSupportedException(_frontEnds.Values.FirstOrDefault(f => !f.Streamable) is { } reader
                ? $"{Path}: this model's {reader.Modality.Name()} front end ({reader.Kind}) reads later turns around each utterance (e.g. a fine-tuned encoder's context, encoder.context), so a turn's label depends on later turns and cannot be given turn by turn from cached state; predict the whole conversation instead."
                : $"{Path}: this model has bidirectional context (a turn's label depends on later turns), so it cannot label turns one by one from cached state; predict the whole conversation instead.");
        return new CausalStream(this, conversationId, _model.BeginStream());
    }

    /// <summary>Labels the next turn of <paramref name="stream"/> (<see cref="CausalStream.Append"/>).</summary>
    /// <param name="past">the stream's earlier turns that its front ends read (<see cref="StreamPastTurns"/>, speaker and text
    /// only), oldest first; the new turn is added to it once labelled.</param>
    internal TurnPrediction Append(DialogueStream stream, string conversationId, Turn turn, List<Utterance> past)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int index = stream.Count;
        var u = ToUtterance(turn, conversationId, index);
        foreach (var (m, frontEnd) in _frontEnds)
        {
            if (!_used.Contains(m)) continue;
            int k = Math.Min(frontEnd.PastTurns, past.Count);
            u[m] = k == 0 ? frontEnd.Encode([u], conversationId, index)[0] : frontEnd.EncodeLast([.. past.Skip(past.Count - k), u], conversationId, index - k);
        }
        UtterancePrediction p;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (stream.Count != index) throw new InvalidOperationException($"conversation {conversationId}: two turns were appended at once; append one turn at a time.");
            using var scope = torch.NewDisposeScope();
            p = Evaluator.Predict(stream.Append(u, _inputs, conversationId), conversationId, index, u.Label);
            if (StreamPastTurns > 0)
            {
                past.Add(new Utterance { Speaker = u.Speaker, Text = u.Text });
                if (past.Count > StreamPastTurns) past.RemoveRange(0, past.Count - StreamPastTurns);
            }
        }
        return ToTurn(p, turn);
    }

    /// <summary>How many earlier turns a live conversation keeps for its front ends (<see cref="FrontEnds.IFrontEnd.PastTurns"/>; 0 for
    /// front ends that read each turn alone).</summary>
    internal int StreamPastTurns { get; }

    /// <summary>Frees <paramref name="stream"/>'s cached state (never while a turn of it is being labelled).</summary>
    internal void Close(DialogueStream stream)
    {
        lock (_gate) stream.Dispose();
    }

    /// <summary>The utterance the model reads for turn <paramref name="i"/> of conversation <paramref name="id"/> (the vectors
    /// its front ends make are added by <see cref="AddFrontEndFeatures(IReadOnlyList{Utterance}, string, int)"/>). A turn that lacks what the model
    /// needs, or whose gold label is not a class, is a <see cref="SureDataException"/> naming the conversation and turn.</summary>
    private Utterance ToUtterance(Turn? t, string id, int i)
    {
        if (t is null) throw new SureDataException("the turn is null.", null, id, i);
        if (t.Speaker is null) throw new SureDataException("the turn has no speaker.", null, id, i);
        int label = -1;
        if (t.Label is not null && !_classIndex.TryGetValue(t.Label, out label))
            throw new SureDataException($"label '{t.Label}' is not one of the model's classes ({string.Join(", ", _classes)}).", null, id, i);
        var u = new Utterance { Speaker = t.Speaker, Text = t.Text, Label = label, Audio = t.Audio };
        foreach (var m in _used)
        {
            if (_frontEnds.ContainsKey(m)) continue;
            if (m == Modality.Text && _endToEnd) continue;
            var f = Given(t, m);
            if (f is null)
                throw new SureDataException($"the model reads {m.Name()} vectors of {_dims[(int)m]} values; this turn has none (features.{m.Name()})" +
                    (m == Modality.Text && !string.IsNullOrEmpty(t.Text) ? " — this model was trained on given vectors, so text alone is not enough." : "."), null, id, i);
            if (f.Length != _dims[(int)m])
                throw new SureDataException($"features.{m.Name()} has {f.Length} values, the model expects {_dims[(int)m]}.", null, id, i);
            u[m] = f;
        }
        return u;
    }

    /// <summary>The vectors of the modalities a front end makes (e.g. text from each turn's words, audio from its recording); a turn
    /// without the raw input keeps a null vector, a missing modality. <paramref name="first"/> is the first utterance's
    /// index in its conversation (for messages).</summary>
    private void AddFrontEndFeatures(IReadOnlyList<Utterance> utterances, string id, int first)
    {
        foreach (var (m, frontEnd) in _frontEnds)
        {
            if (!_used.Contains(m)) continue;
            var feats = frontEnd.Encode(utterances, id, first);
            for (int i = 0; i < utterances.Count; i++) utterances[i][m] = feats[i];
        }
    }

    /// <summary><see cref="AddFrontEndFeatures(IReadOnlyList{Utterance}, string, int)"/> for whole dialogues, encoded together
    /// (<see cref="FrontEnds.IFrontEnd.EncodeMany"/>).</summary>
    private void AddFrontEndFeatures(IReadOnlyList<Dialogue> dialogues)
    {
        var slices = dialogues.Select(d => new FrontEnds.ConversationSlice(d.Utterances, d.Id)).ToList();
        foreach (var (m, frontEnd) in _frontEnds)
        {
            if (!_used.Contains(m)) continue;
            var feats = frontEnd.EncodeMany(slices);
            for (int k = 0; k < dialogues.Count; k++)
                for (int i = 0; i < dialogues[k].Count; i++) dialogues[k].Utterances[i][m] = feats[k][i];
        }
    }

    private TurnPrediction ToTurn(UtterancePrediction p, Turn t)
    {
        var probs = new Dictionary<string, float>(_classes.Length, StringComparer.Ordinal);
        double entropy = 0;
        for (int c = 0; c < _classes.Length; c++)
        {
            probs[_classes[c]] = p.Probabilities[c];
            if (p.Probabilities[c] > 0 || float.IsNaN(p.Probabilities[c])) entropy -= p.Probabilities[c] * Math.Log(p.Probabilities[c]); // NaN stays NaN, never "certain"
        }
        return new TurnPrediction(
            p.DialogueId, p.Index, t.Speaker, t.Text, _classes[p.Predicted], probs, p.Confidence, (float)entropy,
            p.RoutingWeights.ToDictionary(kv => kv.Key.Name(), kv => kv.Value),
            p.ExpertUncertainty.ToDictionary(kv => kv.Key.Name(), kv => kv.Value),
            _vocabulary is not null && _used.Contains(Modality.Text) ? _vocabulary.KnownShare(t.Text) : null,
            t.Label, _displayNames[p.Predicted]);
    }

    /// <summary>Why this model does not read a turn's given vector <c>features.{<paramref name="featureKey"/>}</c> (a
    /// modality name or letter, any case): not a modality, a modality the model does not use, or one whose vectors it
    /// makes itself (from the turn's text or recording). Null when the model reads it. <see cref="Predict"/> ignores such
    /// vectors; the application tells the user (the server refuses the turn, <c>sure predict</c> warns).</summary>
    public string? WhyNotRead(string featureKey)
    {
        ArgumentNullException.ThrowIfNull(featureKey);
        var named = Modalities.All.Where(x => featureKey.Equals(x.Name(), StringComparison.OrdinalIgnoreCase) || featureKey.Equals(x.Letter().ToString(), StringComparison.OrdinalIgnoreCase)).ToArray();
        if (named.Length == 0)
            return $"'{featureKey}' is not a modality ({string.Join(", ", Modalities.All.Select(x => x.Name()))}); leave features.{featureKey} out.";
        var m = named[0];
        if (!_used.Contains(m))
            return $"this model does not read {m.Name()} (modalities: {string.Join(", ", _used.Select(x => x.Name()))}); leave features.{featureKey} out.";
        if (_frontEnds.TryGetValue(m, out var frontEnd) || (m == Modality.Text && _endToEnd))
            return $"this model makes its {m.Name()} vectors itself ({(m == Modality.Text ? TextFrontEnd : frontEnd!.Kind)} front end, from the turn's {(m == Modality.Text ? "text" : "recording")}); leave features.{featureKey} out.";
        return null;
    }

    /// <summary>A turn's given vector for <paramref name="m"/>, by modality name ("text") or letter ("t"), any case.</summary>
    private static float[]? Given(Turn t, Modality m)
    {
        if (t.Features is null) return null;
        foreach (var (key, value) in t.Features)
            if (string.Equals(key, m.Name(), StringComparison.OrdinalIgnoreCase) || string.Equals(key, m.Letter().ToString(), StringComparison.OrdinalIgnoreCase))
                return value;
        return null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _model.Dispose();
            foreach (var f in _frontEnds.Values) f.Dispose();
        }
    }
}

/// <summary>Runtime settings of a <see cref="SurePredictor"/>, passed by the caller (the library sets nothing on its own).</summary>
/// <param name="Threads">threads for the front ends' own encoders (e.g. ONNX Runtime's intra-op threads; 0 = 1). The
/// predictor never changes libtorch's thread count, which is process-wide: the application sets it
/// (<c>torch.set_num_threads</c>) once, before opening the model.</param>
/// <param name="FrontEnds">the front ends the application registered (e.g. Sure.Audio's), needed to open a model that reads
/// raw audio; null: none.</param>
/// <param name="BatchTurns">most turns (padding included) that <see cref="SurePredictor.PredictMany"/> puts through the
/// model in one pass, which bounds its memory; 0: <see cref="DefaultBatchTurns"/>.</param>
public sealed record PredictorOptions(int Threads = 0, FrontEnds.FrontEndCatalog? FrontEnds = null, int BatchTurns = 0)
{
    /// <summary>Turns per pass when <see cref="BatchTurns"/> is 0.</summary>
    public const int DefaultBatchTurns = 512;
}
