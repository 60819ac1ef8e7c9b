using System.Text.Json;
using System.Text.Json.Serialization;
using Sure.Errors;
using Sure.Reporting;

namespace Sure.Configuration;

public enum RoutingMode { Uncertainty, Softmax }
public enum ContextMode { Bidirectional, Causal }
public enum ClassifierMode { Concat, SumHeads }
/// <summary>validation: best epoch chosen on the validation split (default). paper: best epoch chosen on the test split, as the reference code does (test-set leakage; only on request).</summary>
public enum SelectionProtocol { Validation, Paper }
public enum ClassWeighting { Auto, On, Off }
/// <summary>standardize: per-dimension (x − mean)/std of each data-fed modality, statistics from the training split, stored in the model (default; not in the paper). none: vectors as given (the paper).</summary>
public enum InputNormalizationMode { Standardize, None }
/// <summary>constant: the paper's fixed learning rate. cosine: linear warm-up over WarmupEpochs, then cosine decay to 0 at the last epoch.</summary>
public enum LrSchedule { Constant, Cosine }

/// <summary>
/// Every setting of a run, with the paper's defaults. Overridable from a JSON/YAML file and from the CLI, and
/// written as config.json next to every checkpoint and report so any result can be reproduced.
/// </summary>
public sealed record SureConfig
{
    // ---------- data ----------
    /// <summary>Path of the dataset; null means the built-in SynthERC benchmark.</summary>
    public string? Data { get; init; }
    /// <summary>GloVe-format word vectors for text features from transcripts.</summary>
    public string? Glove { get; init; }
    /// <summary>Text features from transcripts: "textcnn" (frozen, extracted and cached) or "end2end" (both over --glove),
    /// or a packaged pretrained sentence encoder, "minilm" or "arctic-xs" (frozen vectors, cached; no --glove).</summary>
    public string TextEncoder { get; init; } = "textcnn";
    /// <summary>The TextCNN over GloVe (architecture and pre-training of the extracted features; architecture of the end-to-end encoder).</summary>
    public Sure.Configuration.TextCnnOptions TextCnn { get; init; } = new();
    /// <summary>Fine-tuning of the packaged BERT for <c>--text-encoder minilm-ft|arctic-xs-ft</c> (the <c>--encoder-*</c> options).</summary>
    public global::Sure.Text.Bert.BertFineTuneOptions Encoder { get; init; } = new();
    /// <summary>How audio features are made from the utterances' recordings (<see cref="Data.Utterance.Audio"/>): the name of
    /// a registered audio front end (<see cref="FrontEnds.FrontEndCatalog"/>; Sure.Audio registers "descriptors" and
    /// "logmel-cnn"); null: audio vectors are given with the data.</summary>
    public string? AudioEncoder { get; init; }
    public bool AllowMissingModality { get; init; }
    /// <summary>The data's class names in label order, comma-separated ("hap,sad,neu"), for data whose files do not name
    /// its classes (or to rename them); null: the names the data gives (numbered "class0", … with a warning when none).</summary>
    public string? Classes { get; init; }
    /// <summary>A CSV column mapping, "audio=file,speaker=speaker,text=text,label=emotion" (keys audio, speaker, text, label,
    /// dialogue, split, start, end, id): reads <see cref="Data"/>, any CSV file, as a manifest of utterances through it
    /// (<see cref="Sure.Data.Formats.CsvColumnMapping"/>); null: only MELD's CSV files are read.</summary>
    public string? Columns { get; init; }
    /// <summary>Several corpora trained on together (<c>--data</c> given more than once, or a config file's list), each with
    /// its label map into <see cref="Classes"/>, the run's classes (<see cref="CorpusSpec"/>,
    /// <see cref="global::Sure.Loading.Corpora"/>); null (the default, left out of config.json): the one dataset <see cref="Data"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CorpusSpec[]? Corpora { get; init; }
    public SynthErcOptions Synth { get; init; } = new();

    // ---------- model ----------
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
    public double MoeLossWeight { get; init; } = 0.01;
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

    // ---------- training ----------
    public int Epochs { get; init; } = 150;
    public int BatchSize { get; init; } = 16;
    public double Lr { get; init; } = 1e-4;
    public double WeightDecay { get; init; } = 1e-5;
    public double GradClip { get; init; } = 1.0;
    /// <summary>Learning-rate schedule: constant (the paper) or cosine (with warm-up).</summary>
    public LrSchedule LrSchedule { get; init; } = LrSchedule.Constant;
    /// <summary>Epochs of linear learning-rate warm-up (cosine schedule only; may be fractional).</summary>
    public double WarmupEpochs { get; init; } = 1;
    public int Seed { get; init; } = 1;
    public ClassWeighting ClassWeights { get; init; } = ClassWeighting.Auto;
    public SelectionProtocol Protocol { get; init; } = SelectionProtocol.Validation;
    /// <summary>Stop after this many epochs without improvement of the selection metric; 0 = never.</summary>
    public int Patience { get; init; }
    /// <summary>Fraction of training dialogues held out for validation when the data has no validation split.</summary>
    public double ValidFraction { get; init; } = 0.1;
    /// <summary>Fraction of the training dialogues also moved to the validation split (<see cref="Training.ValidationSplit.Enlarge"/>):
    /// a larger validation set for choosing epochs and configurations where the data's own is small (IEMOCAP's is 12
    /// dialogues). The same dialogues for every run, whatever its seed, so trials of a search are compared on one set.
    /// 0 (the default, left out of config.json): off.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double ValidExtra { get; init; }
    /// <summary>Group-wise cross-validation (<c>sure experiment --cv</c>): "speaker", "speaker:5", "dialogue", "session", …
    /// (see <see cref="Sure.Configuration.CvGrouping"/>). With it the run's splits are fold <see cref="CvFold"/> of
    /// that grouping, and the data's own split labels are ignored. Null (the default, left out of config.json): the
    /// data's splits.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cv { get; init; }
    /// <summary>Where the run's settings start (<see cref="global::Sure.Loading.InputPresets"/>). Null (the default, left out of
    /// config.json): the preset of the input's kind over the facts of the dataset the loader recognised from the data's format
    /// (<see cref="global::Sure.Data.ConversationDataset.Identity"/>). "iemocap", "meld", "syntherc"
    /// (<see cref="global::Sure.Data.DatasetIdentity"/>): the same, the data taken as that dataset (its facts, its automatic
    /// class weighting). "paper": the paper's architecture and per-dataset values. "none": no preset, no dataset.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Preset { get; init; }
    /// <summary>The run's 1-based fold of <see cref="Cv"/>; set exactly when <see cref="Cv"/> is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? CvFold { get; init; }
    public string Device { get; init; } = "cpu";
    public int Threads { get; init; }
    public string? Out { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SureConfig FromJson(string json, string source = "config")
    {
        try
        {
            return JsonSerializer.Deserialize<SureConfig>(json, Json) ?? throw new SureUserException($"{source}: empty configuration.");
        }
        catch (JsonException e)
        {
            throw new SureUserException($"{source}: not a valid configuration: {e.Message}");
        }
    }

    /// <summary>Reads a JSON or YAML (.yml/.yaml) configuration file.</summary>
    public static SureConfig Load(string path) => FromJson(ReadJsonText(path), path);

    /// <summary>The text of a configuration file as JSON (YAML files are converted).</summary>
    internal static string ReadJsonText(string path)
    {
        if (!File.Exists(path)) throw new SureUserException($"{path}: configuration file not found.");
        var text = File.ReadAllText(path);
        return path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
            ? YamlToJson(text, path)
            : text;
    }

    private static string YamlToJson(string yaml, string path)
    {
        try
        {
            var obj = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(new StringReader(yaml));
            var json = new YamlDotNet.Serialization.SerializerBuilder().JsonCompatible().Build().Serialize(obj ?? new Dictionary<string, object>());
            // YAML scalars become JSON strings; let numbers and booleans through as JSON values.
            var node = System.Text.Json.Nodes.JsonNode.Parse(json);
            return Retype(node)?.ToJsonString() ?? "{}";
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new SureUserException($"{path}: not valid YAML: {e.Message}");
        }
    }

    private static System.Text.Json.Nodes.JsonNode? Retype(System.Text.Json.Nodes.JsonNode? n)
    {
        switch (n)
        {
            case System.Text.Json.Nodes.JsonObject o:
                foreach (var k in o.Select(p => p.Key).ToList()) o[k] = Retype(o[k]?.DeepClone());
                return o;
            case System.Text.Json.Nodes.JsonArray a:
                for (int i = 0; i < a.Count; i++) a[i] = Retype(a[i]?.DeepClone());
                return a;
            case System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var s):
                if (long.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var l)) return l;
                if (double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)) return d;
                if (s is "true" or "True") return true;
                if (s is "false" or "False") return false;
                if (s is "null" or "~") return null;
                return v;
            default:
                return n;
        }
    }

    /// <summary>Checks every value; throws <see cref="SureUserException"/> naming the first bad one.</summary>
    public SureConfig Validate()
    {
        global::Sure.Data.Modalities.Parse(Modalities);
        Require(Hidden >= 2 && Hidden % 2 == 0, $"{Setting.Name("hidden")} must be an even number ≥ 2", Hidden);
        Require(Heads >= 1 && Hidden % Heads == 0, $"{Setting.Name("heads")} must divide {Setting.Name("hidden")} ({Hidden})", Heads);
        Require(Layers >= 1, $"{Setting.Name("layers")} must be ≥ 1", Layers);
        Require(Dropout >= 0 && Dropout < 1, $"{Setting.Name("dropout")} must be in [0, 1)", Dropout);
        Require(Experts >= 1, $"{Setting.Name("experts")} must be ≥ 1", Experts);
        Require(TopK >= 1 && TopK <= Experts, $"{Setting.Name("topK")} must be between 1 and {Setting.Name("experts")} ({Experts})", TopK);
        Require(UncertaintyPenalty >= 0, $"{Setting.Name("uncertaintyPenalty")} must be ≥ 0", UncertaintyPenalty);
        Require(MoeLossWeight >= 0, $"{Setting.Name("moeLossWeight")} must be ≥ 0", MoeLossWeight);
        Require(ReasoningSteps >= 1, $"{Setting.Name("reasoningSteps")} must be ≥ 1", ReasoningSteps);
        Require(MaxSpeakers >= 1, $"{Setting.Name("maxSpeakers")} must be ≥ 1", MaxSpeakers);
        Require(Epochs >= 1, $"{Setting.Name("epochs")} must be ≥ 1", Epochs);
        Require(BatchSize >= 1, $"{Setting.Name("batchSize")} must be ≥ 1", BatchSize);
        Require(Lr > 0 && Lr < 10, $"{Setting.Name("lr")} must be in (0, 10)", Lr);
        Require(WeightDecay >= 0, $"{Setting.Name("weightDecay")} must be ≥ 0", WeightDecay);
        Require(GradClip >= 0, $"{Setting.Name("gradClip")} must be ≥ 0 (0 = off)", GradClip);
        Require(Patience >= 0, $"{Setting.Name("patience")} must be ≥ 0 (0 = off)", Patience);
        Require(ValidFraction > 0 && ValidFraction < 1, $"{Setting.Name("validFraction")} must be in (0, 1)", ValidFraction);
        Require(ValidExtra >= 0 && ValidExtra < 1, $"{Setting.Name("validExtra")} must be in [0, 1)", ValidExtra);
        if (Cv is not null)
        {
            var cv = Sure.Configuration.CvGrouping.Parse(Cv);
            Require(CvFold is int f && f >= 1 && (cv.Folds is null || f <= cv.Folds), $"cvFold must be a fold of {Setting.Name("cv")} {cv} (1 to {cv.Folds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the number of groups"})", CvFold?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null");
        }
        else Require(CvFold is null, "cvFold needs cv (a cross-validation grouping)", CvFold ?? 0);
        Require(Threads >= 0, $"{Setting.Name("threads")} must be ≥ 0 (0 = all cores)", Threads);
        // textcnn and end2end are Sure.Core's own; any other name must be a registered text front end (checked when the data is loaded)
        Require(!string.IsNullOrWhiteSpace(TextEncoder), $"{Setting.Name("textEncoder")} must be textcnn, end2end or a registered text front end (minilm, arctic-xs, minilm-ft, arctic-xs-ft with Sure.Text.Pretrained)", TextEncoder ?? "");
        Require(AudioEncoder is null || AudioEncoder.Length > 0, $"{Setting.Name("audioEncoder")} must name a registered audio front end (descriptors, logmel-cnn with Sure.Audio)", AudioEncoder ?? "");
        Encoder.Validate();
        Require(Model is "sure" or "linear" or "mlp" or "bigru", $"{Setting.Name("model")} must be sure, linear, mlp or bigru", Model);
        Require(Preset is null || Presets.Names.Contains(Preset, StringComparer.Ordinal), $"{Setting.Name("preset")} must be one of {string.Join(", ", Presets.Names)}", Preset ?? "");
        Require(SpeakerInitStd >= 0, $"{Setting.Name("speakerInitStd")} must be ≥ 0", SpeakerInitStd);
        Require(WarmupEpochs >= 0, $"{Setting.Name("warmupEpochs")} must be ≥ 0", WarmupEpochs);
        if (Classes is not null)
        {
            var names = global::Sure.Data.Formats.EmotionClasses.Parse(Classes) ?? [];
            Require(names.Length > 0 && names.All(n => n.Length > 0) && names.Distinct(StringComparer.Ordinal).Count() == names.Length,
                $"{Setting.Name("classes")} must list distinct, non-empty class names separated by commas", Classes);
        }
        if (Columns is not null) global::Sure.Data.Formats.CsvColumnMapping.Parse(Columns);
        if (Corpora is not null)
        {
            CorpusSpec.Validate(Corpora);
            Require(Data is null, $"{Setting.Name("data")} names one dataset; with {Setting.Name("corpora")} give every dataset in the list", Data ?? "");
            Require(Columns is null, $"with {Setting.Name("corpora")} give each corpus its own \"columns\"", Columns ?? "");
            foreach (var c in Corpora) if (c.Columns is not null) global::Sure.Data.Formats.CsvColumnMapping.Parse(c.Columns);
        }
        TextCnn.Validate();
        Synth.Validate();
        return this;
    }

    private static void Require(bool ok, string rule, object value)
    {
        if (!ok) throw new SureUserException($"Invalid value {Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}: {rule}.");
    }
}
