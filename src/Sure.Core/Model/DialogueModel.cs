using Sure.Data;
using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>
/// What the trainer, the evaluator and a saved model see of any model that labels every utterance of a batch of
/// dialogues: SURE (<see cref="SureModel"/>, the default) or a reference baseline (<see cref="LinearBaseline"/>,
/// <see cref="BiGruBaseline"/>), chosen by <c>--model</c> and built by <see cref="DialogueModels.Build"/>.
/// Every model holds its own input normalisation (a "input_norm.m" submodule per modality fed by data vectors,
/// absent with <c>--input-norm none</c>), so it travels in the state dict with the weights.
/// </summary>
public abstract class DialogueModel : nn.Module<DialogueBatch, SureOutput>
{
    protected DialogueModel(string name) : base(name) { }

    /// <summary>The modalities the model reads.</summary>
    public abstract Modality[] Used { get; }
    public abstract int ClassCount { get; }

    /// <summary>Per-modality input normalisation (key: modality letter), or null when off.</summary>
    internal abstract Modules.ModuleDict<InputNormalization>? InputNorm { get; }

    /// <summary>Fits every input normalisation on the given (training) dialogues' vectors; a no-op when off.</summary>
    /// <exception cref="Errors.SureDataException">a used modality has no vector in any of these dialogues.</exception>
    public void FitInputNormalization(IReadOnlyList<Dialogue> train)
    {
        if (InputNorm is null) return;
        foreach (var (key, norm) in InputNorm)
        {
            var m = Modalities.Parse(key)[0];
            var rows = train.SelectMany(d => d.Utterances).Select(u => u[m]).OfType<float[]>().ToList();
            if (rows.Count == 0) throw new Errors.SureDataException($"no {m.Name()} vector in the training split to fit the input normalisation on.");
            norm.Fit(rows);
        }
    }

    /// <summary>Builds the normalisers for the data-fed modalities (all used ones except <paramref name="skip"/>).</summary>
    protected static Modules.ModuleDict<InputNormalization>? MakeInputNorm(bool on, IEnumerable<Modality> used, int[] inputDims, Modality? skip = null)
    {
        if (!on) return null;
        var dict = new Modules.ModuleDict<InputNormalization>();
        foreach (var m in used)
            if (m != skip) dict.Add(m.Letter().ToString(), new InputNormalization(inputDims[(int)m]));
        return dict;
    }

    /// <summary>The batch's vectors of modality <paramref name="m"/>, normalised when a normaliser exists for it.</summary>
    protected Tensor Input(DialogueBatch batch, Modality m)
    {
        var x = batch.Features[(int)m] ?? throw new ArgumentException($"the batch has no {m.Name()} features but the model uses that modality.");
        return InputNorm is { } norms && norms.TryGetValue(m.Letter().ToString(), out var norm) ? norm.forward(x) : x;
    }

    /// <summary>The used modalities' (normalised) vectors of the batch side by side, [B, N, ΣD_m] (the baselines' input).</summary>
    protected Tensor ConcatenatedInputs(DialogueBatch batch) => cat(Used.Select(m => Input(batch, m)).ToList(), -1);

    /// <summary>The output of a model with logits only: no MoE losses (a zero scalar) and no diagnostics. Moves the
    /// logits and that scalar out of the caller's dispose scope.</summary>
    protected static SureOutput LogitsOnly(Tensor logits) => new()
    {
        Logits = logits.MoveToOuterDisposeScope(),
        AuxLoss = zeros([], dtype: ScalarType.Float32, device: logits.device).MoveToOuterDisposeScope(),
    };

    /// <summary>Whether <see cref="BeginStream"/> works: the model's labels never depend on later turns.</summary>
    public virtual bool CanStream => false;

    /// <summary>A <see cref="DialogueStream"/> labelling one dialogue turn by turn from cached state (eval mode).</summary>
    /// <exception cref="NotSupportedException">the model's labels depend on later turns (<see cref="CanStream"/> is false); run whole dialogues through forward instead.</exception>
    public virtual DialogueStream BeginStream() =>
        throw new NotSupportedException($"{GetType().Name} cannot label a dialogue turn by turn; run the whole dialogue through forward instead.");

    /// <summary>Number of scalar parameters (trainable and not).</summary>
    public long CountParameters() => parameters().Sum(p => p.numel());
}
