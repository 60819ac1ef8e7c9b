using Sure.Data;
using TorchSharp;
using Sure.Configuration;

namespace Sure.Text;

/// <summary>
/// Text features from raw transcripts: reads them from the <see cref="TextFeatureCache"/> when present and valid,
/// otherwise loads the word vectors (only the words the dataset needs), pre-trains a TextCNN on the training split
/// (<see cref="TextCnnFeatureExtractor"/>), caches the features and stores them. Either way every utterance's
/// <see cref="Utterance.Features"/>[Text] is replaced by its TextCNN feature. A corrupt or unreadable cache entry is
/// recomputed with a warning; a cache that cannot be written is a warning too.
/// </summary>
public static class TextFeaturePipeline
{
    /// <param name="cacheDir">cache folder; null or empty for <see cref="TextFeatureCache.DefaultDirectory"/> (in the per-user cache folder).</param>
    /// <param name="log">one-line messages: cache hits, vocabulary coverage, epochs, warnings.</param>
    /// <returns>the text front end that makes features for new text the same way (<see cref="TextCnnFrontEnd"/>).</returns>
    public static TextCnnFrontEnd EnsureTextFeatures(ConversationDataset ds, string vectorsPath, TextCnnOptions options, string? cacheDir, Action<string>? log) =>
        EnsureTextFeatures(ds, vectorsPath, options, cacheDir, log, progress: null);

    /// <param name="progress">fine-grained progress (per batch) for a progress bar; epoch summaries also go to <paramref name="log"/>.</param>
    /// <param name="device">where to train (CPU by default).</param>
    public static TextCnnFrontEnd EnsureTextFeatures(ConversationDataset ds, string vectorsPath, TextCnnOptions options, string? cacheDir,
        Action<string>? log, Action<TextCnnProgress>? progress, torch.Device? device = null)
    {
        options.Validate();
        if (!File.Exists(vectorsPath)) throw new Errors.SureUserException($"{vectorsPath}: word-vector file not found (--glove).");
        var cache = new TextFeatureCache(cacheDir);
        var key = TextFeatureCache.Key(ds, vectorsPath, options, TextFeatureCache.ComputeOf(device));

        var hit = cache.TryReadWithCompanion(key, ds, "text features", () => (cache.TryReadFrontEnd(key, out var p), p), cache.FrontEndPathOf(key),
            $"text features: the cache entry {cache.PathOf(key)} lacks its TextCNNs (written by an older build); recomputing so the model file can carry them.", log);
        if (hit is not null) return hit;

        var needed = Vocabulary.WordsNeeded(ds);
        var vectors = WordVectors.Load(vectorsPath, needed.Contains);
        LogCoverage(ds, vectors, log);

        var extractor = new TextCnnFeatureExtractor(options, p =>
        {
            progress?.Invoke(p);
            if (p.IsSummary) log?.Invoke(p.Message);
        }, device);
        var features = extractor.Extract(ds, vectors);
        var frontEnd = extractor.LastFrontEnd!;
        TextTraining.AssignText(ds, features);
        try
        {
            cache.WriteFrontEnd(key, frontEnd);
            var path = cache.Write(key, features);
            log?.Invoke($"text features: {features.Sum(d => d.Length)} utterances × {options.ExportSize(ds.ClassCount)} ({options.Export}), cached in {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log?.Invoke($"warning: cannot write the text-feature cache in {cache.Directory} ({e.Message}); continuing without it.");
        }
        return frontEnd;
    }


    private static void LogCoverage(ConversationDataset ds, WordVectors vectors, Action<string>? log)
    {
        if (log is null) return;
        long tokens = 0, known = 0;
        foreach (var d in ds.Dialogues)
            foreach (var u in d.Utterances)
                foreach (var t in Tokenizer.Tokenize(u.Text))
                {
                    tokens++;
                    if (TokenFallbacks.Resolve(t, vectors) is not null) known++;
                }
        log($"word vectors: {vectors.Count} of the dataset's words found (dim {vectors.Dim}); {(tokens == 0 ? 0 : 100.0 * known / tokens):F1}% of {tokens} tokens covered.");
    }
}
