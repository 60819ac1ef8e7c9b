using Sure.Data;

namespace Sure.Text.Bert;

/// <summary>
/// Frozen text features from a packaged pretrained encoder (<c>--text-encoder minilm|arctic-xs</c>): every utterance's
/// <see cref="Utterance.Features"/>[Text] becomes its unit-norm sentence vector from ONNX Runtime
/// (<see cref="OnnxSentenceEncoder"/>). Cached in the <see cref="TextFeatureCache"/> under a key over the dataset and
/// <see cref="Fingerprint"/> (ONNX model hash, tokenizer settings with the maximum length, pooling, batch size, thread
/// count). Utterances cut to the maximum length are counted and reported.
/// </summary>
public static class PretrainedTextFeatures
{
    public const int BatchSize = 32;

    /// <summary>Everything that decides the vectors, as one string.</summary>
    public static string Fingerprint(PretrainedTextModel model, BertTextTokenizer tokenizer, int threads) =>
        $"pretrained-sentence-encoder v1 {model.Key} {model.PackageId} {model.PackageVersion} onnx-sha256={model.OnnxSha256} "
        + $"{tokenizer.Settings} pooling={model.Pooling.ToString().ToLowerInvariant()}+l2 batch={BatchSize} "
        + $"onnxruntime={typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version} threads={threads}";

    /// <param name="threads">ONNX Runtime's intra-op threads (the run's --threads; 0 = 1).</param>
    /// <param name="cacheDir">cache folder; null for the per-user default.</param>
    public static void Ensure(ConversationDataset ds, PretrainedTextModel model, int threads, string? cacheDir, Action<string>? log, int? maxTokens = null)
    {
        threads = Math.Max(1, threads);
        var tokenizer = model.CreateTokenizer(maxTokens);
        var cache = new TextFeatureCache(cacheDir);
        var key = TextFeatureCache.Key(ds, Fingerprint(model, tokenizer, threads));
        var cached = cache.TryRead(key, ds, out var problem);
        if (cached is not null)
        {
            TextTraining.AssignText(ds, cached);
            log?.Invoke($"text features ({model.Key}): read from cache {cache.PathOf(key)}");
            return;
        }
        if (problem is not null) log?.Invoke($"warning: text-feature cache {cache.PathOf(key)} is unusable ({problem}); recomputing.");

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var encoder = new OnnxSentenceEncoder(model, tokenizer.MaxTokens, threads, BatchSize);
        var texts = ds.Dialogues.SelectMany(d => d.Utterances).Select(u => u.Text).ToList();
        var encoded = encoder.Encode(texts);
        var features = TextTraining.ByDialogue(ds, encoded.Vectors);
        TextTraining.AssignText(ds, features);
        log?.Invoke($"text features ({model}): {texts.Count} utterances × {model.Dim} in {started.Elapsed.TotalSeconds:F1} s "
            + $"({texts.Count / Math.Max(started.Elapsed.TotalSeconds, 1e-9):F0}/s, {threads} thread(s)); "
            + $"{encoded.Truncated} cut to {tokenizer.MaxTokens} tokens.");
        try
        {
            var written = cache.Write(key, features); // not inside log?.Invoke(…): without a log the write would be skipped
            log?.Invoke($"text features: cached in {written}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log?.Invoke($"warning: cannot write the text-feature cache in {cache.Directory} ({e.Message}); continuing without it.");
        }
    }

}
