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
    // ---------- the option groups (each flat property below reads and sets one of them; config.json keeps the flat keys) ----------
    /// <summary>The data, its classes, the front ends and their settings, the validation split, cross-validation, the preset.</summary>
    [JsonIgnore] public DataOptions DataOptions { get; init; } = new();
    /// <summary>The model's architecture and inputs: what a trained model is rebuilt from (model.sure stores only these).</summary>
    [JsonIgnore] public ModelOptions ModelOptions { get; init; } = new();
    /// <summary>How the model is trained.</summary>
    [JsonIgnore] public TrainingOptions TrainingOptions { get; init; } = new();
    /// <summary>Device, threads and run folder.</summary>
    [JsonIgnore] public RuntimeOptions RuntimeOptions { get; init; } = new();

    // ---------- data ----------
    /// <inheritdoc cref="DataOptions.Data"/>
    public string? Data { get => DataOptions.Data; init => DataOptions = DataOptions with { Data = value }; }
    /// <inheritdoc cref="DataOptions.Glove"/>
    public string? Glove { get => DataOptions.Glove; init => DataOptions = DataOptions with { Glove = value }; }
    /// <inheritdoc cref="DataOptions.TextEncoder"/>
    public string TextEncoder { get => DataOptions.TextEncoder; init => DataOptions = DataOptions with { TextEncoder = value }; }
    /// <inheritdoc cref="DataOptions.TextCnn"/>
    public Sure.Configuration.TextCnnOptions TextCnn { get => DataOptions.TextCnn; init => DataOptions = DataOptions with { TextCnn = value }; }
    /// <inheritdoc cref="DataOptions.Encoder"/>
    public global::Sure.Text.Bert.BertFineTuneOptions Encoder { get => DataOptions.Encoder; init => DataOptions = DataOptions with { Encoder = value }; }
    /// <inheritdoc cref="DataOptions.AudioEncoder"/>
    public string? AudioEncoder { get => DataOptions.AudioEncoder; init => DataOptions = DataOptions with { AudioEncoder = value }; }
    /// <inheritdoc cref="DataOptions.AllowMissingModality"/>
    public bool AllowMissingModality { get => DataOptions.AllowMissingModality; init => DataOptions = DataOptions with { AllowMissingModality = value }; }
    /// <inheritdoc cref="DataOptions.Classes"/>
    public string? Classes { get => DataOptions.Classes; init => DataOptions = DataOptions with { Classes = value }; }
    /// <inheritdoc cref="DataOptions.Columns"/>
    public string? Columns { get => DataOptions.Columns; init => DataOptions = DataOptions with { Columns = value }; }
    /// <inheritdoc cref="DataOptions.Corpora"/>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CorpusSpec[]? Corpora { get => DataOptions.Corpora; init => DataOptions = DataOptions with { Corpora = value }; }
    /// <inheritdoc cref="DataOptions.Synth"/>
    public SynthErcOptions Synth { get => DataOptions.Synth; init => DataOptions = DataOptions with { Synth = value }; }

    // ---------- model ----------
    /// <inheritdoc cref="ModelOptions.Model"/>
    public string Model { get => ModelOptions.Model; init => ModelOptions = ModelOptions with { Model = value }; }
    /// <inheritdoc cref="ModelOptions.InputNorm"/>
    public InputNormalizationMode InputNorm { get => ModelOptions.InputNorm; init => ModelOptions = ModelOptions with { InputNorm = value }; }
    /// <inheritdoc cref="ModelOptions.Modalities"/>
    public string Modalities { get => ModelOptions.Modalities; init => ModelOptions = ModelOptions with { Modalities = value }; }
    /// <inheritdoc cref="ModelOptions.Hidden"/>
    public int Hidden { get => ModelOptions.Hidden; init => ModelOptions = ModelOptions with { Hidden = value }; }
    /// <inheritdoc cref="ModelOptions.Heads"/>
    public int Heads { get => ModelOptions.Heads; init => ModelOptions = ModelOptions with { Heads = value }; }
    /// <inheritdoc cref="ModelOptions.Layers"/>
    public int Layers { get => ModelOptions.Layers; init => ModelOptions = ModelOptions with { Layers = value }; }
    /// <inheritdoc cref="ModelOptions.Dropout"/>
    public double Dropout { get => ModelOptions.Dropout; init => ModelOptions = ModelOptions with { Dropout = value }; }
    /// <inheritdoc cref="ModelOptions.UseMoe"/>
    public bool UseMoe { get => ModelOptions.UseMoe; init => ModelOptions = ModelOptions with { UseMoe = value }; }
    /// <inheritdoc cref="ModelOptions.Experts"/>
    public int Experts { get => ModelOptions.Experts; init => ModelOptions = ModelOptions with { Experts = value }; }
    /// <inheritdoc cref="ModelOptions.TopK"/>
    public int TopK { get => ModelOptions.TopK; init => ModelOptions = ModelOptions with { TopK = value }; }
    /// <inheritdoc cref="ModelOptions.Routing"/>
    public RoutingMode Routing { get => ModelOptions.Routing; init => ModelOptions = ModelOptions with { Routing = value }; }
    /// <inheritdoc cref="ModelOptions.UncertaintyPenalty"/>
    public double UncertaintyPenalty { get => ModelOptions.UncertaintyPenalty; init => ModelOptions = ModelOptions with { UncertaintyPenalty = value }; }
    /// <inheritdoc cref="ModelOptions.SampleExperts"/>
    public bool SampleExperts { get => ModelOptions.SampleExperts; init => ModelOptions = ModelOptions with { SampleExperts = value }; }
    /// <inheritdoc cref="TrainingOptions.MoeLossWeight"/>
    public double MoeLossWeight { get => TrainingOptions.MoeLossWeight; init => TrainingOptions = TrainingOptions with { MoeLossWeight = value }; }
    /// <inheritdoc cref="ModelOptions.UseReasoning"/>
    public bool UseReasoning { get => ModelOptions.UseReasoning; init => ModelOptions = ModelOptions with { UseReasoning = value }; }
    /// <inheritdoc cref="ModelOptions.Residual"/>
    public bool Residual { get => ModelOptions.Residual; init => ModelOptions = ModelOptions with { Residual = value }; }
    /// <inheritdoc cref="ModelOptions.ScaledReasoning"/>
    public bool ScaledReasoning { get => ModelOptions.ScaledReasoning; init => ModelOptions = ModelOptions with { ScaledReasoning = value }; }
    /// <inheritdoc cref="ModelOptions.MemorySkip"/>
    public bool MemorySkip { get => ModelOptions.MemorySkip; init => ModelOptions = ModelOptions with { MemorySkip = value }; }
    /// <inheritdoc cref="ModelOptions.SpeakerInitStd"/>
    public double SpeakerInitStd { get => ModelOptions.SpeakerInitStd; init => ModelOptions = ModelOptions with { SpeakerInitStd = value }; }
    /// <inheritdoc cref="ModelOptions.ReasoningSteps"/>
    public int ReasoningSteps { get => ModelOptions.ReasoningSteps; init => ModelOptions = ModelOptions with { ReasoningSteps = value }; }
    /// <inheritdoc cref="ModelOptions.Context"/>
    public ContextMode Context { get => ModelOptions.Context; init => ModelOptions = ModelOptions with { Context = value }; }
    /// <inheritdoc cref="ModelOptions.Classifier"/>
    public ClassifierMode Classifier { get => ModelOptions.Classifier; init => ModelOptions = ModelOptions with { Classifier = value }; }
    /// <inheritdoc cref="ModelOptions.MaxSpeakers"/>
    public int MaxSpeakers { get => ModelOptions.MaxSpeakers; init => ModelOptions = ModelOptions with { MaxSpeakers = value }; }

    // ---------- training ----------
    /// <inheritdoc cref="TrainingOptions.Epochs"/>
    public int Epochs { get => TrainingOptions.Epochs; init => TrainingOptions = TrainingOptions with { Epochs = value }; }
    /// <inheritdoc cref="TrainingOptions.BatchSize"/>
    public int BatchSize { get => TrainingOptions.BatchSize; init => TrainingOptions = TrainingOptions with { BatchSize = value }; }
    /// <inheritdoc cref="TrainingOptions.Lr"/>
    public double Lr { get => TrainingOptions.Lr; init => TrainingOptions = TrainingOptions with { Lr = value }; }
    /// <inheritdoc cref="TrainingOptions.WeightDecay"/>
    public double WeightDecay { get => TrainingOptions.WeightDecay; init => TrainingOptions = TrainingOptions with { WeightDecay = value }; }
    /// <inheritdoc cref="TrainingOptions.GradClip"/>
    public double GradClip { get => TrainingOptions.GradClip; init => TrainingOptions = TrainingOptions with { GradClip = value }; }
    /// <inheritdoc cref="TrainingOptions.LrSchedule"/>
    public LrSchedule LrSchedule { get => TrainingOptions.LrSchedule; init => TrainingOptions = TrainingOptions with { LrSchedule = value }; }
    /// <inheritdoc cref="TrainingOptions.WarmupEpochs"/>
    public double WarmupEpochs { get => TrainingOptions.WarmupEpochs; init => TrainingOptions = TrainingOptions with { WarmupEpochs = value }; }
    /// <inheritdoc cref="TrainingOptions.Seed"/>
    public int Seed { get => TrainingOptions.Seed; init => TrainingOptions = TrainingOptions with { Seed = value }; }
    /// <inheritdoc cref="TrainingOptions.ClassWeights"/>
    public ClassWeighting ClassWeights { get => TrainingOptions.ClassWeights; init => TrainingOptions = TrainingOptions with { ClassWeights = value }; }
    /// <inheritdoc cref="TrainingOptions.Protocol"/>
    public SelectionProtocol Protocol { get => TrainingOptions.Protocol; init => TrainingOptions = TrainingOptions with { Protocol = value }; }
    /// <inheritdoc cref="TrainingOptions.Patience"/>
    public int Patience { get => TrainingOptions.Patience; init => TrainingOptions = TrainingOptions with { Patience = value }; }
    /// <inheritdoc cref="DataOptions.ValidFraction"/>
    public double ValidFraction { get => DataOptions.ValidFraction; init => DataOptions = DataOptions with { ValidFraction = value }; }
    /// <inheritdoc cref="DataOptions.ValidExtra"/>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double ValidExtra { get => DataOptions.ValidExtra; init => DataOptions = DataOptions with { ValidExtra = value }; }
    /// <inheritdoc cref="DataOptions.Cv"/>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cv { get => DataOptions.Cv; init => DataOptions = DataOptions with { Cv = value }; }
    /// <inheritdoc cref="DataOptions.Preset"/>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Preset { get => DataOptions.Preset; init => DataOptions = DataOptions with { Preset = value }; }
    /// <inheritdoc cref="DataOptions.CvFold"/>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? CvFold { get => DataOptions.CvFold; init => DataOptions = DataOptions with { CvFold = value }; }
    /// <inheritdoc cref="RuntimeOptions.Device"/>
    public string Device { get => RuntimeOptions.Device; init => RuntimeOptions = RuntimeOptions with { Device = value }; }
    /// <inheritdoc cref="RuntimeOptions.Threads"/>
    public int Threads { get => RuntimeOptions.Threads; init => RuntimeOptions = RuntimeOptions with { Threads = value }; }
    /// <inheritdoc cref="RuntimeOptions.Out"/>
    public string? Out { get => RuntimeOptions.Out; init => RuntimeOptions = RuntimeOptions with { Out = value }; }

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
