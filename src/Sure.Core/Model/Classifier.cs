using Sure.Configuration;
using Sure.Data;
using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>
/// Paper §2.6 (eq. 18–20). Concat (paper, default): logits = "out"(Dropout([x_t ; x_a ; x_v])) with
/// "out" = Linear(k·d → C) over the k used modalities. SumHeads (reference implementation): one head per modality
/// ("heads.m", Linear(d → C) on Dropout(x_m)), the k head logits concatenated and mixed by "mix" = Linear(k·C → C).
/// Softmax / argmax (eq. 19–20) are left to the loss and the evaluator; this returns logits [B, N, C].
/// </summary>
public sealed class Classifier : nn.Module<IReadOnlyDictionary<Modality, Tensor>, Tensor>
{
    internal readonly Modules.Linear? @out;
    internal readonly Modules.ModuleDict<Modules.Linear>? heads;
    internal readonly Modules.Linear? mix;
    private readonly Modules.Dropout dropout;
    private readonly Modality[] used;

    public Classifier(Modality[] used, int hidden, int classCount, ClassifierMode mode, double dropout) : base(nameof(Classifier))
    {
        this.used = used;
        if (mode == ClassifierMode.Concat)
        {
            @out = nn.Linear(used.Length * hidden, classCount);
        }
        else
        {
            heads = new Modules.ModuleDict<Modules.Linear>();
            foreach (var m in used) heads.Add(m.Letter().ToString(), nn.Linear(hidden, classCount));
            mix = nn.Linear(used.Length * classCount, classCount);
        }
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    public override Tensor forward(IReadOnlyDictionary<Modality, Tensor> x)
    {
        using var scope = NewDisposeScope();
        Tensor logits = @out is not null
            ? @out.forward(dropout.forward(cat(used.Select(m => x[m]).ToList(), -1)))
            : mix!.forward(cat(used.Select(m => heads![m.Letter().ToString()].forward(dropout.forward(x[m]))).ToList(), -1));
        return logits.MoveToOuterDisposeScope();
    }
}
