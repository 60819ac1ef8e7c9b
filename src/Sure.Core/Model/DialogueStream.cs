using Sure.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>
/// One dialogue labelled turn by turn by a model whose labels never depend on later turns (causal SURE, causal
/// <c>bigru</c>, <c>linear</c>/<c>mlp</c>): each <see cref="Step"/> labels the next utterance from the state cached by the
/// earlier ones, so the k-th turn costs about what the first does (attention against k cached rows aside), and its
/// outputs equal row k of the model's <c>forward</c> over the dialogue so far (within float rounding).
/// Made by <see cref="DialogueModel.BeginStream"/>; eval mode only (no dropout, no expert sampling); holds tensors
/// outside any dispose scope until disposed. Not thread-safe: one step at a time.
/// </summary>
public abstract class DialogueStream : IDisposable
{
    private readonly DialogueModel model;
    private readonly int maxSpeakers;
    private readonly Dictionary<string, int> speakers = new(StringComparer.Ordinal);
    private bool disposed;

    protected DialogueStream(DialogueModel model, int maxSpeakers)
    {
        if (maxSpeakers < 1) throw new ArgumentOutOfRangeException(nameof(maxSpeakers));
        this.model = model;
        this.maxSpeakers = maxSpeakers;
    }

    /// <summary>Utterances labelled so far (the next one's 0-based position).</summary>
    public int Count { get; private set; }

    /// <summary>The speaker index <paramref name="speaker"/> gets in this dialogue, as <see cref="DialogueCollator"/>
    /// gives it: order of first appearance, modulo the model's speaker table (a new speaker is not registered here).</summary>
    public long SpeakerIndex(string speaker) => (speakers.TryGetValue(speaker, out var s) ? s : speakers.Count) % maxSpeakers;

    /// <summary>Labels the next utterance: collates it as <paramref name="inputs"/> does (features, text tokens) and takes
    /// its speaker index from this dialogue's speakers. Outputs are [1, 1, …] (reasoning attention [1, T, 1, Count]).</summary>
    public SureOutput Append(Utterance utterance, ModelInputs inputs, string dialogueId = "stream")
    {
        ArgumentNullException.ThrowIfNull(utterance);
        using var batch = inputs.Collate([new Dialogue { Id = dialogueId, Utterances = [utterance] }]);
        var output = Step(batch, SpeakerIndex(utterance.Speaker));
        speakers.TryAdd(utterance.Speaker, speakers.Count);
        return output;
    }

    /// <summary>Labels the next utterance given as a one-utterance batch ([1, 1, …]; its Speakers entry is ignored) and
    /// its speaker index within the dialogue.</summary>
    /// <exception cref="InvalidOperationException">the model is in training mode.</exception>
    public SureOutput Step(DialogueBatch utterance, long speakerIndex)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(utterance);
        if (utterance.BatchSize != 1 || utterance.MaxLength != 1)
            throw new ArgumentException($"a stream step takes one utterance of one dialogue, not a [{utterance.BatchSize}, {utterance.MaxLength}] batch.", nameof(utterance));
        if (model.training) throw new InvalidOperationException("a dialogue stream runs in eval mode only (no dropout, no expert sampling); call eval() on the model first.");
        using var noGrad = no_grad();
        var output = StepCore(utterance, Count, speakerIndex);
        Count++;
        return output;
    }

    /// <summary>The model's outputs for the utterance at <paramref name="position"/> (no gradient, eval mode).</summary>
    protected abstract SureOutput StepCore(DialogueBatch utterance, long position, long speakerIndex);

    /// <summary>Frees the cached tensors.</summary>
    protected virtual void DisposeState() { }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        DisposeState();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The stream of a model that reads each utterance alone: every step is its forward pass on that utterance.</summary>
internal sealed class StatelessStream : DialogueStream
{
    private readonly DialogueModel model;

    public StatelessStream(DialogueModel model) : base(model, 1) => this.model = model;

    protected override SureOutput StepCore(DialogueBatch utterance, long position, long speakerIndex) => model.forward(utterance);
}
