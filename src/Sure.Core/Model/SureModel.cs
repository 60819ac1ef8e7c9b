using Sure.Configuration;
using Sure.Data;
using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;
using static Sure.Tensors.Scalars;

namespace Sure.Model;

/// <summary>
/// The SURE model (paper §2): per used modality [InputNormalization, not in the paper, see docs/model.md] →
/// InputProjection → UncertaintyMoE → IterativeReasoning, then the
/// TransformerGate across modalities and the Classifier. Submodules (state-dict prefixes): "input_norm.m" (absent with
/// --input-norm none, and for text with the end-to-end encoder), "input_proj.m", "moe.m"
/// (absent when UseMoe is false), "reasoning.m" (absent when UseReasoning is false), "gate", "classifier", with m one
/// of t, a, v. A modality not in <see cref="ModelOptions.Modalities"/> has no parameters at all.
/// </summary>
public sealed class SureModel : DialogueModel
{
    internal readonly Modules.ModuleDict<InputNormalization>? input_norm;
    internal readonly Modules.ModuleDict<InputProjection> input_proj;
    internal readonly Modules.ModuleDict<UncertaintyMoE>? moe;
    internal readonly Modules.ModuleDict<IterativeReasoning>? reasoning;
    /// <summary>--residual: LayerNorm(h + stage(h)) around the MoE ("residual_norm.m_moe") and the reasoning module ("residual_norm.m_reasoning"); absent otherwise (the paper).</summary>
    internal readonly Modules.ModuleDict<Modules.LayerNorm>? residual_norm;
    internal readonly TransformerGate gate;
    internal readonly Classifier classifier;
    /// <summary>End-to-end text encoder over GloVe inputs (--text-encoder end2end); null when text features are given.</summary>
    internal readonly Text.GloveUtteranceEncoder? text_encoder;

    private readonly ModelOptions config;
    private readonly Modality[] used;
    private readonly int[] inputDims;
    private readonly int classCount;

    /// <param name="inputDims">Feature dimension per modality, indexed by <see cref="Modality"/> (unused ones may be 0).</param>
    public SureModel(ModelOptions config, int[] inputDims, int classCount, Text.GloveUtteranceEncoder? textEncoder = null) : base(nameof(SureModel))
    {
        this.config = config;
        used = Modalities.Parse(config.Modalities);
        if (inputDims.Length != Modalities.Count) throw new ArgumentException($"inputDims needs {Modalities.Count} entries (t, a, v).", nameof(inputDims));
        foreach (var m in used)
            if (inputDims[(int)m] < 1) throw new ArgumentException($"the {m.Name()} modality is used but its input dimension is {inputDims[(int)m]}.", nameof(inputDims));
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount));
        this.inputDims = inputDims.ToArray();
        this.classCount = classCount;
        int d = config.Hidden;
        bool causal = config.Context == ContextMode.Causal;

        input_norm = MakeInputNorm(config.InputNorm == InputNormalizationMode.Standardize, used, inputDims, textEncoder is null ? null : Modality.Text);
        input_proj = new Modules.ModuleDict<InputProjection>();
        foreach (var m in used) input_proj.Add(Key(m), new InputProjection(inputDims[(int)m], d));
        if (config.UseMoe)
        {
            moe = new Modules.ModuleDict<UncertaintyMoE>();
            foreach (var m in used)
                moe.Add(Key(m), new UncertaintyMoE(d, config.Experts, config.TopK, config.Routing, config.UncertaintyPenalty, config.SampleExperts));
        }
        if (config.UseReasoning)
        {
            reasoning = new Modules.ModuleDict<IterativeReasoning>();
            foreach (var m in used) reasoning.Add(Key(m), new IterativeReasoning(d, config.ReasoningSteps, config.Context, config.ScaledReasoning, config.MemorySkip));
        }
        if (config.Residual)
        {
            residual_norm = new Modules.ModuleDict<Modules.LayerNorm>();
            foreach (var m in used)
            {
                if (config.UseMoe) residual_norm.Add($"{Key(m)}_moe", nn.LayerNorm(d));
                if (config.UseReasoning) residual_norm.Add($"{Key(m)}_reasoning", nn.LayerNorm(d));
            }
        }
        gate = new TransformerGate(used, d, config.Heads, config.Layers, config.Dropout, causal, config.MaxSpeakers, config.SpeakerInitStd);
        classifier = new Classifier(used, d, classCount, config.Classifier, config.Dropout);
        text_encoder = textEncoder;
        RegisterComponents();
    }

    /// <summary>Diagnostics only (bench/ and docs/model.md): called during forward with a stage name ("t.input",
    /// "t.input_proj", "t.moe", "t.reasoning", "t.gate", "logits") and that stage's output. Null (the default) costs nothing.</summary>
    internal Action<string, Tensor>? Probe { get; set; }

    public override Modality[] Used => used;
    public override int ClassCount => classCount;
    internal override Modules.ModuleDict<InputNormalization>? InputNorm => input_norm;

    private static string Key(Modality m) => m.Letter().ToString();

    public override SureOutput forward(DialogueBatch batch) =>
        Run(batch, (m, h, mask) => reasoning![Key(m)].forward(h, mask), (reps, mask) => gate.forward(reps, mask, batch.Speakers));

    /// <summary>Whether <see cref="BeginStream"/> works: causal context (every switch of a causal SURE model streams).</summary>
    public override bool CanStream => config.Context == ContextMode.Causal;

    /// <summary>Labels a dialogue turn by turn from cached state (causal context, eval mode): per modality the reasoning
    /// memory LSTM's (h, c) and memory rows, per transformer-gate encoder and layer the keys and values. Each step
    /// computes the per-utterance stages for the new utterance only and its attention against the cache.</summary>
    /// <exception cref="NotSupportedException">bidirectional context: a label depends on later turns.</exception>
    public override DialogueStream BeginStream()
    {
        if (!CanStream) throw new NotSupportedException("this SURE model has bidirectional context (each label depends on later turns), so it cannot label a dialogue turn by turn; run the whole dialogue through forward instead.");
        return new SureStream(this, config.MaxSpeakers);
    }

    /// <summary>One streamed utterance ([1, 1, …] batch) at <paramref name="position"/>: the same outputs as row
    /// <paramref name="position"/> of <see cref="forward"/> over the dialogue so far (reasoning attention [1, T, 1, position + 1]).</summary>
    private SureOutput Step(DialogueBatch one, long position, long speakerIndex, SureStream state) =>
        Run(one, (m, h, _) => reasoning![Key(m)].Step(h, state.Reasoning(m)), (reps, _) => gate.Step(reps, position, speakerIndex, state.Gate));

    private sealed class SureStream : DialogueStream
    {
        private readonly SureModel model;
        private readonly Dictionary<Modality, ReasoningCache> reasoning = [];

        public SureStream(SureModel model, int maxSpeakers) : base(model, maxSpeakers) => this.model = model;

        public GateCache Gate { get; } = new();

        public ReasoningCache Reasoning(Modality m) => reasoning.TryGetValue(m, out var c) ? c : reasoning[m] = new ReasoningCache();

        protected override SureOutput StepCore(DialogueBatch one, long position, long speakerIndex) => model.Step(one, position, speakerIndex, this);

        protected override void DisposeState()
        {
            foreach (var c in reasoning.Values) c.Dispose();
            reasoning.Clear();
            Gate.Dispose();
        }
    }

    /// <summary>The forward pass with its two context stages given: <paramref name="reason"/> (modality, h, mask → output,
    /// attention) and <paramref name="fuse"/> (per-modality representations, mask → fused ones).</summary>
    private SureOutput Run(DialogueBatch batch, Func<Modality, Tensor, Tensor, (Tensor, Tensor)> reason,
        Func<Dictionary<Modality, Tensor>, Tensor, Dictionary<Modality, Tensor>> fuse)
    {
        using var scope = NewDisposeScope();
        var mask = batch.Mask;
        var pad = mask.logical_not().unsqueeze(-1);
        var reps = new Dictionary<Modality, Tensor>();
        var routing = new Dictionary<Modality, Tensor>();
        var uncertainty = new Dictionary<Modality, Tensor>();
        var attention = new Dictionary<Modality, Tensor>();
        var aux = zeros([], dtype: ScalarType.Float32, device: mask.device);
        foreach (var m in used)
        {
            var features = m == Modality.Text && text_encoder is not null && batch.Tokens is not null
                ? text_encoder.forward(batch.Tokens)
                : Input(batch, m);
            Probe?.Invoke($"{Key(m)}.input", features);
            var h = input_proj[Key(m)].forward(features).masked_fill(pad, Zero);
            Probe?.Invoke($"{Key(m)}.input_proj", h);
            if (moe is not null)
            {
                var r = moe[Key(m)].forward(h, mask);
                h = Residual(m, "moe", h, r.Output, pad);
                aux = aux.add(r.Aux, One);
                routing[m] = r.Weights.MoveToOuterDisposeScope();
                uncertainty[m] = r.Uncertainty.MoveToOuterDisposeScope();
                Probe?.Invoke($"{Key(m)}.moe", h);
            }
            if (reasoning is not null)
            {
                var (o, a) = reason(m, h, mask);
                h = Residual(m, "reasoning", h, o, pad);
                attention[m] = a.MoveToOuterDisposeScope();
                Probe?.Invoke($"{Key(m)}.reasoning", h);
            }
            reps[m] = h;
        }
        var fused = fuse(reps, mask);
        foreach (var m in used) Probe?.Invoke($"{Key(m)}.gate", fused[m]);
        var logits = classifier.forward(fused);
        Probe?.Invoke("logits", logits);
        return new SureOutput
        {
            Logits = logits.MoveToOuterDisposeScope(),
            AuxLoss = aux.MoveToOuterDisposeScope(),
            RoutingWeights = routing,
            ExpertUncertainty = uncertainty,
            ReasoningAttention = attention,
        };
    }

    /// <summary>The stage's output, or with --residual LayerNorm(input + output) (zeros on padding).</summary>
    private Tensor Residual(Modality m, string stage, Tensor input, Tensor output, Tensor pad) =>
        residual_norm is null ? output : residual_norm[$"{Key(m)}_{stage}"].forward(input.add(output, One)).masked_fill(pad, Zero);

    /// <summary>
    /// Matmul FLOPs (2·m·n·k per product) of one forward pass over <paramref name="batch"/> dialogues of
    /// <paramref name="length"/> utterances each (no padding): projections, experts and gates, LSTM gate matmuls,
    /// attention scores and mixing, feed-forward, fusion and classifier. Element-wise work is not counted.
    /// </summary>
    public long EstimateForwardFlops(int batch, int length)
    {
        long bn = (long)batch * length, d = config.Hidden, e = config.Experts, c = classCount, k = used.Length;
        long mm(long rows, long inner, long cols) => 2 * rows * inner * cols;
        long flops = 0;
        foreach (var m in used)
        {
            flops += mm(bn, inputDims[(int)m], d);
            if (config.UseMoe) flops += 2 * mm(bn, d, e * d) + mm(bn, d, e);
            if (config.UseReasoning)
            {
                long memH = config.Context == ContextMode.Causal ? d : d / 2;
                long dirs = config.Context == ContextMode.Causal ? 1 : 2;
                flops += dirs * (mm(bn, d, 4 * memH) + mm(bn, memH, 4 * memH));   // memory LSTM(s)
                flops += mm(bn, d, d) + mm(bn, d, d);                               // memory Linear, q_0
                flops += config.ReasoningSteps * (mm(bn, 2 * d, 4 * d) + mm(bn, d, 4 * d) + 2 * mm(bn, d, length));
                flops += mm(bn, 2 * d, d);                                          // output Linear
            }
            long encoders = k;                                                      // intra + one inter per other
            long perLayer = 4 * mm(bn, d, d) + 2 * mm(bn, d, length) + 2 * mm(bn, d, d);
            flops += encoders * config.Layers * perLayer;
            flops += encoders * mm(bn, d, d);                                       // unimodal gates
            flops += mm(bn, k * d, d);                                              // fuse
        }
        flops += config.Classifier == ClassifierMode.Concat ? mm(bn, k * d, c) : k * mm(bn, d, c) + mm(bn, k * c, c);
        return flops;
    }
}
