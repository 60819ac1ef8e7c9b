namespace Sure.Configuration;

/// <summary>The model's architecture and inputs: everything needed to rebuild a trained model for prediction (model.sure stores these and nothing about training). One of the option groups a <see cref="SureConfig"/> (the run configuration, config.json) is
/// composed of; config.json keeps its flat keys.</summary>
public sealed record ModelOptions
{
    /// <summary>Which model: "sure" (the paper's, default), or a reference baseline: "linear" (multinomial logistic regression
    /// on each utterance alone), "mlp" (one hidden layer of Hidden units, each utterance alone), "bigru" (a GRU over the
    /// dialogue's utterance vectors, bidirectional, or forward only with Context causal; bc-LSTM style).</summary>
    public string Model { get; init; } = "sure";
    /// <summary>Per-dimension standardisation of the input vectors fitted on the training split (default), or none.</summary>
    public InputNormalizationMode InputNorm { get; init; } = InputNormalizationMode.Standardize;
    /// <summary>Modalities used, any non-empty subset of t, a, v (e.g. "tav", "ta").</summary>
    public string Modalities { get; init; } = "tav";
    public int Hidden { get; init; } = 1024;
    public int Heads { get; init; } = 8;
    public int Layers { get; init; } = 1;
    public double Dropout { get; init; } = 0.5;
    public bool UseMoe { get; init; } = true;
    public int Experts { get; init; } = 4;
    public int TopK { get; init; } = 3;
    public RoutingMode Routing { get; init; } = RoutingMode.Uncertainty;
    /// <summary>λ in the routing score log p_e − λ·standardised(u_e).</summary>
    public double UncertaintyPenalty { get; init; } = 1.0;
    /// <summary>Sample z = mu + sigma·eps while training (paper eq. 3); false returns mu as the cited ACM MM code does.</summary>
    public bool SampleExperts { get; init; } = true;
    public bool UseReasoning { get; init; } = true;
    /// <summary>Not in the paper: LayerNorm(h + stage(h)) around the MoE and the reasoning module (docs/model.md).</summary>
    public bool Residual { get; init; }
    /// <summary>Not in the paper: scale the reasoning module's attention scores q·M by 1/√d.</summary>
    public bool ScaledReasoning { get; init; }
    /// <summary>Not in the paper: add each utterance's own memory row M_i (its place in the dialogue LSTM) to the reasoning output.</summary>
    public bool MemorySkip { get; init; }
    /// <summary>Std of the speaker embeddings' normal initialisation; 1 is PyTorch's default, as in the reference code.</summary>
    public double SpeakerInitStd { get; init; } = 1.0;
    public int ReasoningSteps { get; init; } = 2;
    public ContextMode Context { get; init; } = ContextMode.Bidirectional;
    public ClassifierMode Classifier { get; init; } = ClassifierMode.Concat;
    public int MaxSpeakers { get; init; } = 9;
}
