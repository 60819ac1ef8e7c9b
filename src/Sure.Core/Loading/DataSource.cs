using Sure.Configuration;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Synth;

namespace Sure.Loading;

/// <summary>Where a run's data comes from: the built-in SynthERC benchmark when no path is given, otherwise a file or folder in any supported format.</summary>
public static class DataSource
{
    /// <summary>
    /// Whether data loaded for <paramref name="loadedFor"/> is exactly what <see cref="Load"/> would give for
    /// <paramref name="run"/>: the same data path, SynthERC settings, class names, word vectors and missing-modality policy and,
    /// for each modality whose vectors a front end makes (the GloVe TextCNN with <c>--glove</c>, a registered text or audio
    /// front end) or the end-to-end text encoder, the same one with the same <see cref="FrontEnds.IFrontEndKind.SettingsKey"/>
    /// and thread count (the vectors depend on it). The one place that decides whether a run may reuse data already loaded.
    /// </summary>
    /// <param name="frontEnds">the registered front ends: what decides a registered front end's vectors (<see cref="FrontEnds.IFrontEndKind.SettingsKey"/>);
    /// null: every setting that could (the seed, the encoder settings) must be equal.</param>
    public static bool SameData(SureConfig loadedFor, SureConfig run, FrontEnds.FrontEndCatalog? frontEnds = null)
    {
        ArgumentNullException.ThrowIfNull(loadedFor);
        ArgumentNullException.ThrowIfNull(run);
        var catalog = global::Sure.Text.CoreFrontEnds.AddTo(frontEnds);
        // what makes a modality's vectors and with which settings; null: the data's given vectors
        string? Made(string? kind, SureConfig c)
        {
            if (kind is null) return null;
            if (catalog.TryGet(kind, out var k)) return k.AppliesTo(c) ? $"{kind}: {k.SettingsKey(c)}" : null;
            // a kind not in the catalog: every setting that could change its vectors (the seed, the encoder settings)
            return $"{kind}: {c.Encoder.ForRun(c.Seed)}";
        }
        string? TextMade(SureConfig c) => global::Sure.Text.EndToEndText.IsSelected(c)
            ? (c.Glove is null ? null : global::Sure.Text.EndToEndText.SettingsKey(c))
            : Made(c.TextEncoder, c);
        var text = TextMade(run);
        var audio = Made(run.AudioEncoder, run);
        return loadedFor.Data == run.Data && SameCorpora(loadedFor.Corpora, run.Corpora) && loadedFor.Synth == run.Synth && loadedFor.Preset == run.Preset && loadedFor.AllowMissingModality == run.AllowMissingModality
            && loadedFor.Classes == run.Classes && loadedFor.Columns == run.Columns && loadedFor.Glove == run.Glove
            && loadedFor.AudioEncoder == run.AudioEncoder && Made(loadedFor.AudioEncoder, loadedFor) == audio
            && TextMade(loadedFor) == text
            // made vectors depend on the thread count
            && (text is null && audio is null || loadedFor.Threads == run.Threads);
    }

    private static bool SameCorpora(CorpusSpec[]? a, CorpusSpec[]? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);

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
        var kind = Text.CoreFrontEnds.AddTo(frontEnds).Get(config.AudioEncoder, "audio encoder", Modality.Audio);
        if (kind.Modality != Modality.Audio)
            throw new Errors.SureUserException($"'{config.AudioEncoder}' is a {kind.Modality.Name()} front end, not an audio encoder.");
        var path = config.Data ?? string.Join(", ", (config.Corpora ?? []).Select(c => c.Data));
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

    /// <summary>The data as its files give it (or the SynthERC benchmark), labelled, with no front end fitted: the modalities
    /// a front end makes (text from transcripts, audio from recordings) have no vectors. For scoring a trained model, whose
    /// own front ends make them (<see cref="Inference.SurePredictor.Evaluate"/>).</summary>
    public static LoadedData LoadLabelled(SureConfig config, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Read(config, log);
    }

    private static LoadedData LoadText(SureConfig config, Action<string>? log, string? cacheDir, FrontEnds.FrontEndCatalog? frontEnds)
    {
        var data = Read(config, log);
        if (data.Synth is not null) return data;
        var path = config.Corpora is not null ? "the corpora " + string.Join(", ", config.Corpora.Select(c => c.Data)) : config.Data!;
        return LoadText(config, data.Dataset, path, log, cacheDir, frontEnds);
    }

    /// <summary>The dataset of <paramref name="config"/> (its corpora, its data, or the SynthERC benchmark when it names
    /// none), its warnings logged.</summary>
    private static LoadedData Read(SureConfig config, Action<string>? log)
    {
        if (config.Corpora is not null) return new LoadedData { Dataset = Corpora.Load(config, log) };
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
        DatasetValidationReport report;
        try
        {
            var options = LoadOptions(config);
            dataset = WithPreset(config, DatasetLoader.Load(path, options, out report));
        }
        catch (Errors.SureUserException e) when (!e.Message.Contains(path, StringComparison.Ordinal) && !e.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal))
        {
            throw new Errors.SureUserException($"{path}: {e.Message}", e);
        }
        const int shown = 3;
        foreach (var w in report.Warnings.Take(shown)) log?.Invoke($"warning: {w}");
        if (report.Warnings.Count > shown) log?.Invoke($"warning: … and {report.Warnings.Count - shown} more warnings like these (inspecting {path} lists them all).");
        return new LoadedData { Dataset = dataset };
    }

    /// <summary>The loaded <paramref name="dataset"/> with its text features made as the configuration asks.</summary>
    private static LoadedData LoadText(SureConfig config, ConversationDataset dataset, string path, Action<string>? log, string? cacheDir, FrontEnds.FrontEndCatalog? frontEnds)
    {
        if (Text.EndToEndText.IsSelected(config))
        {
            if (config.Glove is not null) RequireTexts(dataset, path, config.TextEncoder);
            return new LoadedData { Dataset = dataset, TextEncoder = Text.EndToEndText.Prepare(dataset, config, log) };
        }
        var kind = Text.CoreFrontEnds.AddTo(frontEnds).Get(config.TextEncoder, "text encoder", Modality.Text);
        if (kind.Modality != Modality.Text)
            throw new Errors.SureUserException($"'{config.TextEncoder}' is a {kind.Modality.Name()} front end, not a text encoder.");
        if (kind.AppliesTo(config))
        {
            RequireTexts(dataset, path, config.TextEncoder);
            var context = new FrontEnds.FrontEndContext(config.Seed, config.Threads, IO.UserCache.TextFeatures(cacheDir), log, Config: config);
            return new LoadedData { Dataset = dataset }.With(kind.Fit(dataset, context), kind, context);
        }
        return new LoadedData { Dataset = dataset };
    }

    /// <summary>The loader options a run's configuration asks for: its missing-modality policy, class names and CSV column mapping.</summary>
    public static DatasetLoadOptions LoadOptions(SureConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new DatasetLoadOptions { AllowMissingModality = config.AllowMissingModality, ClassNames = EmotionClasses.Parse(config.Classes), Columns = config.Columns };
    }

    private static void RequireTexts(ConversationDataset dataset, string path, string textEncoder)
    {
        if (!dataset.Dialogues.Any(d => d.Utterances.Any(u => !string.IsNullOrEmpty(u.Text))))
            throw new Errors.SureUserException($"{path}: {Sure.Errors.Setting.Name("textEncoder")} {textEncoder} makes text features from transcripts, but this data has no utterance texts.");
    }
}
