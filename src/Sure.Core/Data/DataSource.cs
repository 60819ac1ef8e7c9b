using Sure.Configuration;
using Sure.Synth;

namespace Sure.Data;

/// <summary>Where a run's data comes from: the built-in SynthERC benchmark when no path is given, otherwise a file or folder in any supported format.</summary>
public static class DataSource
{
    private static Text.TextEncoderSpec EndToEnd(ConversationDataset dataset, string glove, Text.TextCnnOptions options, Action<string>? log)
    {
        if (!File.Exists(glove)) throw new Errors.SureUserException($"{glove}: word-vector file not found ({Sure.Errors.Setting.Name("glove")}).");
        var vectors = Text.WordVectors.Load(glove, Text.Vocabulary.WordsNeeded(dataset).Contains);
        var vocab = Text.Vocabulary.Build(dataset, vectors, options.MaxTokens);
        log?.Invoke($"end-to-end text encoder: vocabulary of {vocab.Count} tokens, {vectors.Dim}-d GloVe inputs.");
        Text.TextCnn? pretrained = null;
        if (options.WarmStart && options.Epochs > 0)
        {
            log?.Invoke("end-to-end text encoder: warm start from a TextCNN pre-trained on the training split.");
            pretrained = new Text.TextCnnFeatureExtractor(options, p => { if (p.IsSummary) log?.Invoke(p.Message); }).Pretrain(dataset, vectors, vocab);
        }
        return new Text.TextEncoderSpec(vocab, vocab.EmbeddingMatrix(vectors, options.UnknownScale, options.Seed), vectors.Dim, options, pretrained);
    }

    /// <summary>Whether the text encoder is one Sure.Core makes itself from GloVe (textcnn, end2end) rather than a registered front end.</summary>
    private static bool IsGloveEncoder(string textEncoder) => textEncoder is "textcnn" or "end2end";

    /// <summary>
    /// Whether data loaded for <paramref name="loadedFor"/> is exactly what <see cref="Load"/> would give for
    /// <paramref name="run"/>: the same data path, SynthERC settings, class names and missing-modality policy and, when text features
    /// are made from transcripts (<c>--glove</c>), the same word vectors, text encoder, TextCNN settings (folds, export,
    /// pre-training, …) and thread count (the TextCNN's features depend on it); with a registered text or audio front end, the
    /// same front end, thread count and <see cref="FrontEnds.IFrontEndKind.SettingsKey"/>. The one place that decides
    /// whether a run may reuse data already loaded.
    /// </summary>
    /// <param name="frontEnds">the registered front ends: what decides a registered front end's vectors (<see cref="FrontEnds.IFrontEndKind.SettingsKey"/>);
    /// null: every setting that could (the seed, the encoder settings) must be equal.</param>
    public static bool SameData(SureConfig loadedFor, SureConfig run, FrontEnds.FrontEndCatalog? frontEnds = null)
    {
        string Key(string? kind, SureConfig c) =>
            kind is not null && frontEnds is not null && frontEnds.TryGet(kind, out var k) ? k.SettingsKey(c) : c.Encoder.ForRun(c.Seed).ToString();
        ArgumentNullException.ThrowIfNull(loadedFor);
        ArgumentNullException.ThrowIfNull(run);
        return loadedFor.Data == run.Data && loadedFor.Synth == run.Synth && loadedFor.Preset == run.Preset && loadedFor.AllowMissingModality == run.AllowMissingModality
            && loadedFor.Classes == run.Classes && loadedFor.Columns == run.Columns
            && loadedFor.AudioEncoder == run.AudioEncoder
            && (run.AudioEncoder is null || (loadedFor.Threads == run.Threads && Key(run.AudioEncoder, loadedFor) == Key(run.AudioEncoder, run)))
            && loadedFor.Glove == run.Glove
            && (IsGloveEncoder(run.TextEncoder)
                ? IsGloveEncoder(loadedFor.TextEncoder) && (loadedFor.Glove is null || (loadedFor.TextEncoder == run.TextEncoder && loadedFor.TextCnn == run.TextCnn && loadedFor.Threads == run.Threads))
                // a registered text front end (a pretrained encoder, frozen or fine-tuned with the run's seed)
                : loadedFor.TextEncoder == run.TextEncoder && loadedFor.Threads == run.Threads && Key(run.TextEncoder, loadedFor) == Key(run.TextEncoder, run));
    }

    /// <summary>The data of one run of a grid whose base data is loaded already: a fresh copy of <paramref name="loaded"/>
    /// (<see cref="LoadedData.Fresh"/>) when <see cref="SameData"/> says it serves <paramref name="run"/>, otherwise the
    /// run's own <see cref="Load"/> (e.g. a variant that sets <c>textCnn.folds</c> gets its own features).</summary>
    public static LoadedData ForRun(SureConfig run, SureConfig loadedFor, LoadedData loaded, Action<string>? log = null, string? cacheDir = null,
        FrontEnds.FrontEndCatalog? frontEnds = null) =>
        SameData(loadedFor, run, frontEnds) ? loaded.Fresh() : Load(run, log, cacheDir, frontEnds);

    /// <summary>Loads the run's data; with <c>--glove</c> also makes the text features (or pre-trains the end-to-end
    /// encoder's warm start), under the run's <see cref="SureConfig.Threads"/> so they do not depend on the machine's core count.</summary>
    /// <param name="log">one-line messages, the data's warnings among them ("warning: …").</param>
    /// <param name="cacheDir">Sure's cache folder: text features are cached in its "text-features" folder; null for the
    /// per-user default (<see cref="IO.UserCache"/>).</param>
    /// <param name="frontEnds">the front ends the application registered (e.g. Sure.Audio's), for <see cref="SureConfig.AudioEncoder"/>; null: none.</param>
    public static LoadedData Load(SureConfig config, Action<string>? log = null, string? cacheDir = null, FrontEnds.FrontEndCatalog? frontEnds = null)
    {
        var data = LoadText(config, log, cacheDir, frontEnds);
        if (config.AudioEncoder is null) return data;
        if (data.Synth is not null)
            throw new Errors.SureUserException($"the audio encoder makes audio features from recordings; the built-in SynthERC benchmark has none (give {Sure.Errors.Setting.Name("data")}).");
        var kind = (frontEnds ?? FrontEnds.FrontEndCatalog.Empty).Get(config.AudioEncoder, "audio encoder");
        if (kind.Modality != Modality.Audio)
            throw new Errors.SureUserException($"'{config.AudioEncoder}' is a {kind.Modality.Name()} front end, not an audio encoder.");
        var path = config.Data!;
        if (!data.Dataset.Dialogues.Any(d => d.Utterances.Any(u => u.Audio is not null)))
            throw new Errors.SureUserException($"{path}: the audio encoder '{config.AudioEncoder}' makes audio features from recordings, but no utterance names one (\"audio\": \"file.wav\").");
        var context = new FrontEnds.FrontEndContext(config.Seed, config.Threads > 0 ? config.Threads : TorchSharp.torch.get_num_threads(),
            IO.UserCache.Folder(cacheDir, "audio-features"), log, log is null ? null : new FrontEnds.ProgressLines(log, TimeSpan.FromSeconds(10)).Report, config);
        return data.With(kind.Fit(data.Dataset, context), kind, context);
    }

    /// <summary>The dataset with the identity the configuration's <see cref="SureConfig.Preset"/> gives it (unchanged
    /// when the preset is unset).</summary>
    private static ConversationDataset WithPreset(SureConfig config, ConversationDataset dataset)
    {
        var identity = Presets.IdentityOf(config.Preset, dataset.Identity);
        return identity == dataset.Identity ? dataset : dataset.WithIdentity(identity);
    }

    private static LoadedData LoadText(SureConfig config, Action<string>? log, string? cacheDir, FrontEnds.FrontEndCatalog? frontEnds)
    {
        if (config.Data is null)
        {
            if (config.Classes is not null)
                throw new Errors.SureUserException($"{Sure.Errors.Setting.Name("classes")} names the classes of {Sure.Errors.Setting.Name("data")}; the built-in SynthERC benchmark's are set with {Sure.Errors.Setting.Name("synth.classes")}.");
            var bench = SynthErc.Create(config.Synth);
            return new LoadedData { Dataset = WithPreset(config, bench.Dataset), Synth = bench };
        }
        var path = config.Data;
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new Errors.SureUserException($"{path}: no such file or folder.");
        ConversationDataset dataset;
        Formats.DatasetValidationReport report;
        try
        {
            var options = Formats.DatasetLoadOptions.For(config);
            dataset = WithPreset(config, Formats.DatasetLoader.Load(path, options, out report));
        }
        catch (Errors.SureUserException e) when (!e.Message.Contains(path, StringComparison.Ordinal) && !e.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal))
        {
            throw new Errors.SureUserException($"{path}: {e.Message}", e);
        }
        const int shown = 3;
        foreach (var w in report.Warnings.Take(shown)) log?.Invoke($"warning: {w}");
        if (report.Warnings.Count > shown) log?.Invoke($"warning: … and {report.Warnings.Count - shown} more warnings like these ('sure data inspect {path}' lists them).");
        if (!IsGloveEncoder(config.TextEncoder))
        {
            // a registered text front end (e.g. Sure.Text.Pretrained's minilm, minilm-ft)
            var kind = (frontEnds ?? FrontEnds.FrontEndCatalog.Empty).Get(config.TextEncoder, "text encoder");
            if (kind.Modality != Modality.Text)
                throw new Errors.SureUserException($"'{config.TextEncoder}' is a {kind.Modality.Name()} front end, not a text encoder.");
            if (!dataset.Dialogues.Any(d => d.Utterances.Any(u => !string.IsNullOrEmpty(u.Text))))
                throw new Errors.SureUserException($"{path}: {Sure.Errors.Setting.Name("textEncoder")} {config.TextEncoder} makes text features from transcripts, but this data has no utterance texts.");
            var context = new FrontEnds.FrontEndContext(config.Seed, config.Threads, IO.UserCache.TextFeatures(cacheDir), log, Config: config);
            return new LoadedData { Dataset = dataset }.With(kind.Fit(dataset, context), kind, context);
        }
        if (config.Glove is not null)
        {
            if (!dataset.Dialogues.Any(d => d.Utterances.Any(u => !string.IsNullOrEmpty(u.Text))))
                throw new Errors.SureUserException($"{path}: {Sure.Errors.Setting.Name("glove")} makes text features from transcripts, but this data has no utterance texts.");
            if (config.TextEncoder == "textcnn")
                return new LoadedData { Dataset = dataset, TextFrontEnd = Text.TextFeaturePipeline.EnsureTextFeatures(dataset, config.Glove, config.TextCnn, IO.UserCache.TextFeatures(cacheDir), log, progress: null) };
            else
                return new LoadedData { Dataset = dataset, TextEncoder = EndToEnd(dataset, config.Glove, config.TextCnn, log) };
        }
        return new LoadedData { Dataset = dataset };
    }
}
