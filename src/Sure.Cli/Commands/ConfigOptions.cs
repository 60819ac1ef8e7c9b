using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Data;
using Sure.FrontEnds;
using Sure.Loading;

namespace Sure.Cli.Commands;

/// <summary>
/// The command-line options that override <see cref="SureConfig"/> fields. Each option knows its config key; only
/// the options the user actually gave become a layer over the defaults, the dataset preset and the --config file.
/// </summary>
public sealed class ConfigOptions
{
    private readonly List<(Option Option, Func<ParseResult, JsonObject, bool> Apply)> _all = [];
    private readonly Dictionary<string, string> _flags = new(StringComparer.Ordinal);

    /// <summary>Configuration key (as in config.json: "hidden", "encoder.epochs") → the option that sets it ("--hidden").</summary>
    public IReadOnlyDictionary<string, string> Flags => _flags;

    public Option<string> ConfigFile { get; } = new("--config") { Description = "JSON or YAML file of settings (command-line options override it)." };

    /// <summary>--cache-dir: not a run setting (where a machine keeps derived files), so not part of the configuration.</summary>
    public Option<string>? CacheDir { get; }

    public ConfigOptions(bool includeData = true)
    {
        if (includeData)
        {
            CacheDir = DataLoadingOptions.CacheDirOption();
            DataAndLabelMaps();
            Str("--classes", "classes", DataLoadingOptions.ClassesHelp + " With several --data: the classes they share, the model's, which each corpus's --label-map maps into.");
            Str("--columns", "columns", DataLoadingOptions.ColumnsHelp);
            Choice("--preset", "preset", "Where the run's settings start. Default: the preset of the kind of input (given vectors, the text or audio encoder; see each option's presets) with the dataset's speakers and batch size, the dataset recognised from the data's format (the community IEMOCAP/MELD pickles, MELD's CSVs, SynthERC), never from its name. paper: the paper's architecture and its per-dataset values. iemocap, meld, syntherc: treat the data as that dataset (its speakers, batch size and class weighting). none: the bare defaults, no dataset.", "iemocap", "meld", "syntherc", "paper", "none");
            Str("--glove", "glove", "Word vectors (GloVe text format or wink-embeddings JSON) for text features from transcripts.");
            Choice("--text-encoder", "textEncoder", "How text features are made from transcripts: a GloVe TextCNN (textcnn, end2end; with --glove) or a packaged pretrained sentence encoder (minilm, arctic-xs: frozen vectors through ONNX Runtime; minilm-ft, arctic-xs-ft: fine-tuned on the training split with the --encoder-* settings).", [.. TextEncoders]);
            Int("--encoder-epochs", "encoder.epochs", "minilm-ft/arctic-xs-ft: fine-tuning epochs (early stopping on the validation split; default 3).");
            Dbl("--encoder-lr", "encoder.lr", "minilm-ft/arctic-xs-ft: peak learning rate (AdamW, linear warm-up over 10% of the steps, then linear decay; default 5e-5).");
            Int("--encoder-batch-size", "encoder.batchSize", "minilm-ft/arctic-xs-ft: utterances per fine-tuning step (default 16).");
            Int("--encoder-max-tokens", "encoder.maxTokens", "minilm-ft/arctic-xs-ft: word pieces per utterance, [CLS] and [SEP] included (default 64; longer ones are cut and counted).");
            Int("--encoder-patience", "encoder.patience", "minilm-ft/arctic-xs-ft: stop after this many epochs without validation improvement (0 = never; default 2).");
            Int("--encoder-seed", "encoder.seed", "minilm-ft/arctic-xs-ft: seed of the head's initialisation, shuffling and dropout (default: the run's --seed).");
            Flag("--encoder-train-word-embeddings", "encoder.freezeWordEmbeddings", false, "minilm-ft/arctic-xs-ft: also train the word-embedding table (default: kept as pretrained, ≈ 1.5 times faster).");
            Int("--encoder-context", "encoder.context", "minilm-ft/arctic-xs-ft: the encoder reads each utterance with up to this many turns before and after it, with their speakers, within --encoder-max-tokens (default 0: the utterance alone).");
            Choice("--encoder-input", "encoder.input", "minilm-ft/arctic-xs-ft input layout: utterance (the utterance, then --encoder-context turns a side; default) or emoberta (EmoBERTa's: past turns, \"Speaker: utterance\", future turns, as many as fit in --encoder-max-tokens, up to 512; past only with --context causal).", Sure.Text.Bert.BertFineTuneOptions.UtteranceInput, Sure.Text.Bert.BertFineTuneOptions.EmoBertaInput);
            Flag("--encoder-past-only", "encoder.pastOnly", true, "minilm-ft/arctic-xs-ft with --encoder-input emoberta: read earlier turns only (automatic with --context causal).");
            Int("--encoder-folds", "encoder.folds", "minilm-ft/arctic-xs-ft cross-fitting: each training dialogue's vector from one of K further encoders fine-tuned without it; valid/test/prediction from the full-split encoder, or from the K fold encoders' mean with --encoder-fold-average (0 or 1 = off, the default; K − 1 more fine-tunings' compute).");
            Flag("--encoder-fold-average", "encoder.foldAverage", true, "minilm-ft/arctic-xs-ft with --encoder-folds K: validation, test and prediction vectors are the mean of the K fold encoders' vectors instead of the full-split encoder's (no full-split fine-tuning; the model file carries the K encoders and prediction runs each).");
            Int("--encoder-freeze-layers", "encoder.freezeLayers", "minilm-ft/arctic-xs-ft: keep the embeddings and the lowest N transformer layers as pretrained (no gradient, faster steps; 0 = train every layer, the default).");
            Choice("--encoder-class-weights", "encoder.classWeighted", "minilm-ft/arctic-xs-ft: inverse-frequency class weights in the fine-tuning loss: on (the default), off, or auto (as the run's --class-weights: on for IEMOCAP, off for MELD; on MELD off gives a better encoder alone, not a better SURE).",
                v => v == "auto" ? null : JsonValue.Create(v == "on"), "on", "off", "auto");
            Int("--encoder-bucket-batches", "encoder.bucketBatches", "minilm-ft/arctic-xs-ft: fine-tuning batches are formed from length-sorted chunks of this many batches of shuffled utterances, each padded to its own longest (default 16; 1 = no length sorting).");
            Int("--textcnn-epochs", "textCnn.epochs", "TextCNN pre-training epochs (early stopping on the validation split).");
            Int("--textcnn-patience", "textCnn.patience", "TextCNN: stop after this many epochs without validation improvement (0 = never).");
            Dbl("--textcnn-lr", "textCnn.lr", "TextCNN pre-training learning rate (AdamW).");
            Int("--textcnn-folds", "textCnn.folds", "TextCNN cross-fitting: training features from K models that did not see them (0 = off).");
            Int("--textcnn-seed", "textCnn.seed", "TextCNN seed (initialisation, shuffling, dropout).");
            Choice("--textcnn-export", "textCnn.export", "What the TextCNN exports per utterance: its fc features or its log class probabilities.", "features", "log-probs");
            Flag("--no-warm-start", "textCnn.warmStart", false, "End-to-end encoder: start from random weights instead of a TextCNN pre-trained on the training split.");
            Str("--audio-encoder", "audioEncoder", "How audio features are made from the utterances' recordings (\"audio\" paths in the data): descriptors (an eGeMAPS-like acoustic descriptor set), logmel-cnn (a CNN over log-mel spectrograms trained on the training split, cross-fitted) or descriptors+logmel-cnn; omit when audio vectors are given with the data.");
            Flag("--allow-missing-modality", "allowMissingModality", true, "Keep dialogues whose utterances lack a modality (zeros) instead of failing.");
        }
        Choice("--model", "model", "Model: SURE (the paper's) or a reference baseline: linear (logistic regression, each utterance alone), mlp (one hidden layer, each utterance alone), bigru (GRU over the dialogue; with --context causal, forward only).", "sure", "linear", "mlp", "bigru");
        Choice("--input-norm", "inputNorm", "Input vectors: standardized per dimension with training-split statistics stored in the model (default), or none (as given, the paper).", "standardize", "none");
        Str("--modalities", "modalities", "Modalities to use: any non-empty subset of t, a, v (e.g. tav, ta, t).");
        Int("--hidden", "hidden", "Hidden size d (paper: 1024).");
        Int("--heads", "heads", "Attention heads (paper: 8).");
        Int("--layers", "layers", "Transformer layers per encoder (paper: 1).");
        Dbl("--dropout", "dropout", "Dropout rate (paper: 0.5).");
        Flag("--no-moe", "useMoe", false, "Ablation: remove the uncertainty-aware MoE.");
        Int("--experts", "experts", "Experts per modality (paper: 4).");
        Int("--top-k", "topK", "Experts kept per utterance (paper: 3).");
        Choice("--routing", "routing", "Expert routing: uncertainty-aware or plain softmax top-k.", "uncertainty", "softmax");
        Dbl("--uncertainty-penalty", "uncertaintyPenalty", "λ in the routing score log p − λ·standardised(u).");
        Flag("--no-sampling", "sampleExperts", false, "Use the experts' means while training instead of sampling (the cited ACM MM code's behaviour).");
        Dbl("--moe-loss-weight", "moeLossWeight", "Weight of the MoE losses (KL + uncertainty + load balance).");
        Flag("--no-reasoning", "useReasoning", false, "Ablation: remove the iterative reasoning module.");
        Flag("--residual", "residual", true, "Not in the paper: LayerNorm(h + stage(h)) around the MoE and the reasoning module, so their outputs keep the input's scale.");
        Flag("--scaled-reasoning", "scaledReasoning", true, "Not in the paper: scale the reasoning module's attention scores by 1/sqrt(d) (the paper's dot product is unscaled).");
        Flag("--memory-skip", "memorySkip", true, "Not in the paper: add each utterance's own dialogue-memory row M_i to the reasoning output (the local context a bc-LSTM uses).");
        Dbl("--speaker-init-std", "speakerInitStd", "Std of the speaker embeddings' initialisation (1 = PyTorch default, the reference code).");
        Int("--reasoning-steps", "reasoningSteps", "Reasoning iterations T (paper: 2).");
        Choice("--context", "context", "Dialogue context: whole dialogue (paper) or causal (past only, for live use).", "bidirectional", "causal");
        Choice("--classifier", "classifier", "Classifier: concatenation (paper) or summed per-modality heads (reference code).", "concat", "sum-heads");
        Int("--max-speakers", "maxSpeakers", "Size of the speaker-embedding table.");
        Int("--epochs", "epochs", "Training epochs.");
        Int("--batch-size", "batchSize", "Dialogues per batch.");
        Dbl("--lr", "lr", "Learning rate (AdamW).");
        Dbl("--weight-decay", "weightDecay", "AdamW weight decay.");
        Choice("--lr-schedule", "lrSchedule", "Learning-rate schedule: constant (the paper) or cosine (linear warm-up, then cosine decay to 0).", "constant", "cosine");
        Dbl("--warmup-epochs", "warmupEpochs", "Warm-up epochs of the cosine schedule (may be fractional).");
        Dbl("--grad-clip", "gradClip", "Gradient-norm clipping (0 = off).");
        Int("--seed", "seed", "Seed: fixes initialisation, shuffling, dropout and sampling.");
        Choice("--class-weights", "classWeights", "Class-weighted loss: auto (on for IEMOCAP), on, off.", "auto", "on", "off");
        Choice("--protocol", "protocol", "Model selection: validation (default, honest) or paper (best TEST epoch, as the reference code; leaks the test set).", "validation", "paper");
        Int("--patience", "patience", "Early stopping after this many epochs without improvement (0 = off).");
        Dbl("--valid-fraction", "validFraction", "Training dialogues held out for validation when the data has no validation split.");
        Dbl("--valid-extra", "validExtra", "Fraction of the training dialogues moved to the validation split as well, for a larger validation set to select on (e.g. IEMOCAP's 12 dialogues); the same dialogues for every run and seed. 0: off.");
        Str("--device", "device", "cpu or cuda[:N].");
        Int("--threads", "threads", "CPU threads for torch, text features included (0 = all cores; results depend on it).");
        // SynthERC
        Int("--synth-seed", "synth.seed", "SynthERC: generator seed.");
        Int("--synth-classes", "synth.classes", "SynthERC: number of emotion classes.");
        Int("--synth-train", "synth.trainDialogues", "SynthERC: training dialogues.");
        Int("--synth-valid", "synth.validDialogues", "SynthERC: validation dialogues.");
        Int("--synth-test", "synth.testDialogues", "SynthERC: test dialogues.");
        Dbl("--persistence", "synth.persistence", "SynthERC: probability a speaker keeps their emotion.");
        Dbl("--context-strength", "synth.influence", "SynthERC: pull towards the previous speaker's emotion.");
        Multi("--corruption", ["synth.textCorruption", "synth.audioCorruption", "synth.visualCorruption"], "SynthERC: per-utterance corruption probability of every modality.");
        Dbl("--corruption-t", "synth.textCorruption", "SynthERC: corruption probability of the text view.");
        Dbl("--corruption-a", "synth.audioCorruption", "SynthERC: corruption probability of the audio view.");
        Dbl("--corruption-v", "synth.visualCorruption", "SynthERC: corruption probability of the visual view.");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(ConfigFile);
        foreach (var (o, _) in _all) command.Options.Add(o);
        if (CacheDir is not null) command.Options.Add(CacheDir);
    }

    /// <summary>The cache folder the user chose (--cache-dir, else $SURE_CACHE); null for the per-user default.</summary>
    public string? CacheDirOf(ParseResult result) => DataLoadingOptions.CacheDirOf(result, CacheDir);

    /// <summary>The options the user gave, as a configuration layer.</summary>
    public JsonObject Layer(ParseResult result)
    {
        var layer = new JsonObject();
        foreach (var (_, apply) in _all) apply(result, layer);
        return layer;
    }

    public bool WasGiven(ParseResult result, string name) => _all.Any(a => a.Option.Name == name && result.GetResult(a.Option) is not null);

    private void Str(string name, string key, string help)
    {
        _flags.TryAdd(key, name);
        var o = new Option<string>(name) { Description = WithDefault(help, key) };
        _all.Add((o, (r, l) => Put(r, o, l, key, v => JsonValue.Create(v))));
    }

    /// <summary>
    /// --data, given once (the setting "data") or several times (the setting "corpora": training across corpora, each
    /// <c>PATH</c> or <c>NAME=PATH</c>), and --label-map, each <c>NAME:MAP</c> (or just <c>MAP</c> with one --data), MAP a
    /// file of from=to lines or the pairs inline (hap=joy,exc=joy). One --data with a --label-map is a list of one corpus.
    /// </summary>
    private void DataAndLabelMaps()
    {
        _flags.TryAdd("data", "--data");
        _flags.TryAdd("labelMap", "--label-map");
        var data = new Option<string[]>("--data")
        {
            Description = "Dataset file or folder (any supported format); omit for the built-in SynthERC benchmark. Give it several times to train across corpora "
                + "(each PATH or NAME=PATH; NAME, default the file name, prefixes the corpus's dialogues and speakers), with --classes the classes they share and a --label-map per corpus (docs/data-formats.md).",
            AllowMultipleArgumentsPerToken = false,
        };
        var maps = new Option<string[]>("--label-map")
        {
            Description = "Map a corpus's labels into the run's classes (--classes): NAME:MAP for the corpus NAME (MAP alone with one --data); MAP is a file of from=to lines or the pairs inline (e.g. meld-7 from IEMOCAP: iemocap:hap=joy,exc=joy,sad=sadness,neu=neutral,ang=anger,fru=anger). Labels already among the classes need no pair; others are left out of the loss and the metrics, with a counted warning.",
            AllowMultipleArgumentsPerToken = false,
        };
        _all.Add((data, (r, layer) =>
        {
            var paths = r.GetResult(data) is null ? [] : r.GetValue(data) ?? [];
            var given = r.GetResult(maps) is null ? [] : r.GetValue(maps) ?? [];
            if (paths.Length == 0)
            {
                if (given.Length > 0) throw new Errors.SureUserException("--label-map maps the labels of a --data; give the data with --data PATH (several times to train across corpora).");
                return false;
            }
            if (paths.Length == 1 && given.Length == 0)
            {
                ConfigLayers.Set(layer, "data", JsonValue.Create(paths[0]));
                return true;
            }
            var corpora = CorporaOf(paths, given);
            ConfigLayers.Set(layer, "corpora", JsonSerializer.SerializeToNode(corpora, SureConfig.Json));
            return true;
        }));
        _all.Add((maps, (_, _) => false)); // read with --data
    }

    /// <summary>The corpora that --data values (<c>PATH</c> or <c>NAME=PATH</c>) and --label-map values (<c>NAME:MAP</c>, or
    /// <c>MAP</c> with one corpus) name.</summary>
    internal static CorpusSpec[] CorporaOf(IReadOnlyList<string> paths, IReadOnlyList<string> maps)
    {
        var corpora = paths.Select(Corpus).ToList();
        foreach (var m in maps)
        {
            int colon = m.IndexOf(':');
            int at = colon > 0 ? corpora.FindIndex(c => c.EffectiveName == m[..colon]) : -1;
            if (at < 0 && corpora.Count > 1)
                throw new Errors.SureUserException($"--label-map {m}: say which corpus it maps, NAME:MAP (the corpora: {string.Join(", ", corpora.Select(c => c.EffectiveName))}).");
            var map = at >= 0 ? m[(colon + 1)..] : m;
            if (at < 0) at = 0;
            if (corpora[at].LabelMap is not null) throw new Errors.SureUserException($"--label-map: the corpus '{corpora[at].EffectiveName}' has two label maps.");
            corpora[at] = corpora[at] with { LabelMap = map };
        }
        return [.. corpora];
    }

    /// <summary>A --data value as a corpus: an existing path as it is, else NAME=PATH (NAME without '/').</summary>
    private static CorpusSpec Corpus(string value)
    {
        int eq = value.IndexOf('=');
        if (File.Exists(value) || Directory.Exists(value) || eq <= 0 || value[..eq].IndexOfAny(['/', '\\']) >= 0) return new CorpusSpec { Data = value };
        return new CorpusSpec { Name = value[..eq], Data = value[(eq + 1)..] };
    }

    /// <summary>The --text-encoder values: the registered text front ends (<see cref="CliFrontEnds"/>) and the end-to-end encoder.</summary>
    internal static IEnumerable<string> TextEncoders =>
        CliFrontEnds.Catalog.For(Sure.Data.Modality.Text).Select(k => k.Kind).Append(Sure.Text.EndToEndText.Kind);

    private void Choice(string name, string key, string help, params string[] values) => Choice(name, key, help, v => JsonValue.Create(v), values);

    /// <summary>A choice whose value the configuration holds as <paramref name="convert"/> gives it (null: the setting's default).</summary>
    private void Choice(string name, string key, string help, Func<string, JsonNode?> convert, params string[] values)
    {
        _flags.TryAdd(key, name);
        var o = new Option<string>(name) { Description = WithDefault(help, key) + $" [{string.Join("|", values)}]" };
        o.AcceptOnlyFromAmong(values);
        _all.Add((o, (r, l) => Put(r, o, l, key, convert)));
    }

    private void Int(string name, string key, string help)
    {
        _flags.TryAdd(key, name);
        var o = new Option<int>(name) { Description = WithDefault(help, key) };
        _all.Add((o, (r, l) => Put(r, o, l, key, v => JsonValue.Create(v))));
    }

    private void Dbl(string name, string key, string help)
    {
        _flags.TryAdd(key, name);
        var o = new Option<double>(name) { Description = WithDefault(help, key) };
        _all.Add((o, (r, l) => Put(r, o, l, key, v => JsonValue.Create(v))));
    }

    private void Multi(string name, string[] keys, string help)
    {
        var o = new Option<double>(name) { Description = help };
        _all.Add((o, (r, l) =>
        {
            if (r.GetResult(o) is null) return false;
            var v = r.GetValue(o);
            foreach (var k in keys) ConfigLayers.Set(l, k, JsonValue.Create(v));
            return true;
        }));
    }

    private void Flag(string name, string key, bool valueWhenGiven, string help)
    {
        _flags.TryAdd(key, name);
        var o = new Option<bool>(name) { Description = help };
        _all.Add((o, (r, l) =>
        {
            // "--memory-skip" and "--memory-skip true" set the switch; "--memory-skip false" sets it the other way, so that a
            // preset's switch can be turned off from the command line (before, an explicit false was ignored)
            if (r.GetResult(o) is not { Implicit: false }) return false;
            ConfigLayers.Set(l, key, JsonValue.Create(r.GetValue(o) ? valueWhenGiven : !valueWhenGiven));
            return true;
        }));
    }

    /// <summary>The configuration's defaults (config.json's keys).</summary>
    private static readonly JsonObject Defaults = JsonNode.Parse(new SureConfig().ToJson())!.AsObject();

    /// <summary>
    /// The help of the option for <paramref name="key"/> with its actual default, read from <see cref="SureConfig"/> and
    /// the dataset presets (<see cref="Presets.For(string?)"/>), so --help cannot drift from them: "(paper: 1024)" becomes
    /// "Default: 1024 (the paper's); presets: syntherc 96." A help that states its default itself, or a setting with no
    /// default value, is left as it is.
    /// </summary>
    internal static string WithDefault(string help, string key)
    {
        if (help.Contains("default", StringComparison.OrdinalIgnoreCase)) return help;
        var paper = System.Text.RegularExpressions.Regex.Match(help, @"\s*\(paper: ([^)]*)\)");
        var text = paper.Success ? help.Remove(paper.Index, paper.Length) : help;
        var value = At(Defaults, key);
        var presets = InputPresetsShown.Select(p => (Id: p.Input, Value: At(p.Settings, key)))
            .Concat(DatasetIdentity.All.Select(id => (Id: id, Value: At(Presets.DatasetLayer(id), key))))
            .Where(p => p.Value is not null)
            .GroupBy(p => Show(p.Value!))
            .Select(g => (Id: string.Join(", ", g.Select(p => p.Id)), Value: g.First().Value))
            .ToList();
        var paperPresets = DatasetIdentity.All.Where(id => id != DatasetIdentity.SynthErc)
            .Select(id => (Id: id, Value: At(Presets.For(id), key))).Where(p => p.Value is not null).ToList();
        if (value is null && presets.Count == 0 && paperPresets.Count == 0) return help;
        var sb = new System.Text.StringBuilder(text.TrimEnd());
        if (!text.TrimEnd().EndsWith('.')) sb.Append('.');
        if (value is not null)
        {
            var shown = Show(value);
            sb.Append($" Default: {shown}");
            if (paper.Success) sb.Append(paper.Groups[1].Value == shown ? " (the paper's)" : $" (the paper's: {paper.Groups[1].Value})");
        }
        else if (paper.Success) sb.Append($" The paper's: {paper.Groups[1].Value}");
        if (presets.Count > 0) sb.Append($"{(value is null && !paper.Success ? " Presets" : "; presets")}: {string.Join("; ", presets.Select(p => $"{Show(p.Value!)} for {p.Id}"))}");
        if (paperPresets.Count > 0) sb.Append($"; --preset paper: {string.Join(", ", paperPresets.Select(p => $"{p.Id} {Show(p.Value!)}"))}");
        return sb.Append('.').ToString();
    }

    /// <summary>The presets by kind of input that --help lists: given vectors, each registered front end's, end-to-end text.</summary>
    private static readonly InputPreset[] InputPresetsShown =
        [InputPresets.GivenVectors, .. CliFrontEnds.Catalog.Kinds.OrderBy(k => k.Modality).ThenBy(k => k.Kind, StringComparer.Ordinal).Select(k => k.Preset).OfType<InputPreset>(), Sure.Text.EndToEndText.Preset];

    private static JsonNode? At(JsonObject o, string key)
    {
        JsonNode? node = o;
        foreach (var part in key.Split('.'))
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var next) ? next : null;
        return node;
    }

    private static string Show(JsonNode value) =>
        value is JsonValue v && v.TryGetValue<double>(out var d) ? d.ToString("G", System.Globalization.CultureInfo.InvariantCulture) : value.ToString();

    private static bool Put<T>(ParseResult r, Option<T> o, JsonObject layer, string key, Func<T, JsonNode?> convert)
    {
        if (r.GetResult(o) is null) return false;
        ConfigLayers.Set(layer, key, convert(r.GetValue(o)!));
        return true;
    }
}
