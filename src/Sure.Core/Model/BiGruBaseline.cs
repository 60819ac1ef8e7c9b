using Sure.Configuration;
using Sure.Data;
using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

namespace Sure.Model;

/// <summary>
/// Reference context baseline in the style of bc-LSTM (Poria et al., 2017) with GRUs (<c>--model bigru</c>): the used
/// modalities' (normalised) vectors concatenated per utterance, dropout, a GRU over the dialogue's utterances, then
/// "dense" = Linear(d → d) + tanh, dropout and "out" = Linear(d → C). Bidirectional context: a forward and a backward
/// GRU of d/2 each ("gru_fwd", "gru_bwd"); the backward one reads each dialogue reversed within its own length, so
/// padding never reaches a real utterance. Causal context (<c>--context causal</c>): one forward GRU of d, so a label
/// never depends on later turns. State dict: "input_norm.m", "gru_fwd", ["gru_bwd"], "dense", "out".
/// </summary>
public sealed class BiGruBaseline : DialogueModel
{
    internal readonly Modules.ModuleDict<InputNormalization>? input_norm;
    internal readonly Modules.GRU gru_fwd;
    internal readonly Modules.GRU? gru_bwd;
    internal readonly Modules.Linear dense;
    internal readonly Modules.Linear @out;
    private readonly Modules.Dropout dropout;
    private readonly Modality[] used;
    private readonly int classCount;
    private readonly int hiddenSize;

    public BiGruBaseline(Modality[] used, int[] inputDims, int classCount, int hidden, ContextMode context, double dropout, bool normalizeInputs)
        : base(nameof(BiGruBaseline))
    {
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount));
        if (hidden < 2 || hidden % 2 != 0) throw new ArgumentException("hidden must be an even number ≥ 2", nameof(hidden));
        this.used = used;
        this.classCount = classCount;
        hiddenSize = hidden;
        int inputs = used.Sum(m => inputDims[(int)m]);
        input_norm = MakeInputNorm(normalizeInputs, used, inputDims);
        if (context == ContextMode.Causal)
        {
            gru_fwd = nn.GRU(inputs, hidden, batchFirst: true);
        }
        else
        {
            gru_fwd = nn.GRU(inputs, hidden / 2, batchFirst: true);
            gru_bwd = nn.GRU(inputs, hidden / 2, batchFirst: true);
        }
        dense = nn.Linear(hidden, hidden);
        @out = nn.Linear(hidden, classCount);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    public override Modality[] Used => used;
    public override int ClassCount => classCount;
    internal override Modules.ModuleDict<InputNormalization>? InputNorm => input_norm;

    public override SureOutput forward(DialogueBatch batch)
    {
        using var scope = NewDisposeScope();
        var mask = batch.Mask;
        long b = mask.shape[0], n = mask.shape[1];
        var pad = mask.logical_not().unsqueeze(-1);
        var x = dropout.forward(ConcatenatedInputs(batch)).masked_fill(pad, Zero);
        var (states, _) = gru_fwd.forward(x);
        if (gru_bwd is not null)
        {
            var rev = IterativeReasoning.ReverseIndex(mask).unsqueeze(-1);
            var (bwd, _) = gru_bwd.forward(x.gather(1, rev.expand(b, n, x.shape[2])));
            states = cat([states, bwd.gather(1, rev.expand(b, n, hiddenSize / 2))], -1);
        }
        return Head(states);
    }

    /// <summary>"dense" + tanh, dropout, "out" on the GRU states → logits only.</summary>
    private SureOutput Head(Tensor states) => LogitsOnly(@out.forward(dropout.forward(dense.forward(states).tanh())));

    /// <summary>Causal context only: the forward GRU takes one step per utterance from its cached hidden state.</summary>
    public override bool CanStream => gru_bwd is null;

    public override DialogueStream BeginStream()
    {
        if (!CanStream) throw new NotSupportedException("this bigru model has bidirectional context (its backward GRU reads later turns), so it cannot label a dialogue turn by turn; run the whole dialogue through forward instead.");
        return new GruStream(this);
    }

    private sealed class GruStream : DialogueStream
    {
        private readonly BiGruBaseline model;
        private Tensor? hidden;

        public GruStream(BiGruBaseline model) : base(model, 1) => this.model = model;

        protected override SureOutput StepCore(DialogueBatch utterance, long position, long speakerIndex)
        {
            using var scope = NewDisposeScope();
            var (states, h) = model.gru_fwd.forward(model.dropout.forward(model.ConcatenatedInputs(utterance)), hidden);
            hidden?.Dispose();
            hidden = h.DetachFromDisposeScope();
            return model.Head(states);
        }

        protected override void DisposeState()
        {
            hidden?.Dispose();
            hidden = null;
        }
    }
}
