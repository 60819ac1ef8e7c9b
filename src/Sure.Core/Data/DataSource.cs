using Sure.Configuration;
using Sure.Synth;

namespace Sure.Data;

/// <summary>Where a run's data comes from: the built-in SynthERC benchmark when no path is given, otherwise a file or folder in any supported format.</summary>
public static class DataSource
{
    /// <summary>Where TextCNN features are cached (keyed by data, vectors and extractor settings); null = .cache/sure/text-features.</summary>
    public static string? TextFeatureCacheDir { get; set; } = Environment.GetEnvironmentVariable("SURE_CACHE");

    public static LoadedData Load(SureConfig config, Action<string>? log = null)
    {
        if (config.Data is null)
        {
            var bench = SynthErc.Create(config.Synth);
            return new LoadedData { Dataset = bench.Dataset, Synth = bench };
        }
        var path = config.Data;
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new Errors.SureUserException($"{path}: no such file or folder.");
        ConversationDataset dataset;
        try
        {
            dataset = Formats.DatasetLoader.Load(path, new Formats.DatasetLoadOptions { AllowMissingModality = config.AllowMissingModality });
        }
        catch (Errors.SureUserException e) when (!e.Message.Contains(path, StringComparison.Ordinal) && !e.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal))
        {
            throw new Errors.SureUserException($"{path}: {e.Message}", e);
        }
        if (config.Glove is not null)
        {
            if (!dataset.Dialogues.Any(d => d.Utterances.Any(u => !string.IsNullOrEmpty(u.Text))))
                throw new Errors.SureUserException($"{path}: --glove makes text features from transcripts, but this data has no utterance texts.");
            if (config.TextEncoder == "textcnn")
                Text.TextFeaturePipeline.EnsureTextFeatures(dataset, config.Glove, new Text.TextCnnOptions(), TextFeatureCacheDir, log, progress: null);
        }
        return new LoadedData { Dataset = dataset };
    }
}
