using Sure.Configuration;
using Sure.Data;
using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>
/// Reference baseline that sees each utterance alone (no dialogue context): the used modalities' (normalised) vectors
/// concatenated, then either a multinomial logistic regression ("out" = Linear(ΣD_m → C), <c>--model linear</c>) or a
/// one-hidden-layer MLP ("hidden" = Linear(ΣD_m → d), ReLU, dropout, "out" = Linear(d → C), <c>--model mlp</c>).
/// Dropout is applied to the input vector of both. Same batches, loss and selection as SURE, so its numbers
/// sit beside SURE's in the same tables. State dict: "input_norm.m", ["hidden"], "out".
/// </summary>
public sealed class LinearBaseline : DialogueModel
{
    internal readonly Modules.ModuleDict<InputNormalization>? input_norm;
    internal readonly Modules.Linear? hidden;
    internal readonly Modules.Linear @out;
    private readonly Modules.Dropout dropout;
    private readonly Modality[] used;
    private readonly int classCount;

    /// <param name="hiddenUnits">0 for logistic regression, otherwise the MLP's hidden width.</param>
    public LinearBaseline(Modality[] used, int[] inputDims, int classCount, int hiddenUnits, double dropout, bool normalizeInputs)
        : base(nameof(LinearBaseline))
    {
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount));
        this.used = used;
        this.classCount = classCount;
        int inputs = used.Sum(m => inputDims[(int)m]);
        input_norm = MakeInputNorm(normalizeInputs, used, inputDims);
        if (hiddenUnits > 0) hidden = nn.Linear(inputs, hiddenUnits);
        @out = nn.Linear(hiddenUnits > 0 ? hiddenUnits : inputs, classCount);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    public override Modality[] Used => used;
    public override int ClassCount => classCount;
    internal override Modules.ModuleDict<InputNormalization>? InputNorm => input_norm;

    /// <summary>Always true: each utterance is read alone.</summary>
    public override bool CanStream => true;

    public override DialogueStream BeginStream() => new StatelessStream(this);

    public override SureOutput forward(DialogueBatch batch)
    {
        using var scope = NewDisposeScope();
        var x = dropout.forward(ConcatenatedInputs(batch));
        if (hidden is not null) x = dropout.forward(nn.functional.relu(hidden.forward(x)));
        return LogitsOnly(@out.forward(x));
    }
}
