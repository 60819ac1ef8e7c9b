using Sure.Data;

namespace Sure.Text.Bert;

/// <summary>
/// Text features from a fine-tuned packaged encoder (<c>--text-encoder minilm-ft|arctic-xs-ft</c>): <see cref="BertFineTuner"/>
/// on the training split, then every utterance's unit-norm pooled vector. Cached in the <see cref="TextFeatureCache"/>
/// under a key over the dataset and <see cref="Fingerprint"/> (ONNX model hash, tokenizer settings, every fine-tuning
/// setting with the seed, the libtorch thread count), with the fine-tuned weights beside the features
/// (<see cref="FineTunedCache.WriteFineTuned"/>) so that the model file can carry them.
/// </summary>
public static class FineTunedTextFeatures
{
    /// <summary>Seconds between the progress lines logged during fine-tuning.</summary>
    public const double ProgressLineSeconds = 60;

    /// <summary>Everything that decides the vectors, as one string (the cache key's): <see cref="BertFineTuneOptions.FoldAverage"/>
    /// is left out, so both ways of encoding what no fold saw share one cross-fitting's entry.</summary>
    public static string Fingerprint(PretrainedTextModel model, BertTextTokenizer tokenizer, BertFineTuneOptions options, int threads) =>
        $"fine-tuned-sentence-encoder v1 {model.Key}{FineTunedBert.FineTunedSuffix} {model.PackageId} {model.PackageVersion} onnx-sha256={model.OnnxSha256} "
        + $"{tokenizer.Settings} pooling={model.Pooling.ToString().ToLowerInvariant()}+l2 {(options with { FoldAverage = false }).CanonicalString()} "
        + $"torchsharp={typeof(TorchSharp.torch).Assembly.GetName().Version} cpu/threads={threads}";

    /// <summary>Makes (or reads from the cache) the features of every utterance; returns the fine-tuned encoder. Not for
    /// <see cref="BertFineTuneOptions.FoldAverage"/>, whose K encoders <see cref="EnsureEncoders"/> returns.</summary>
    /// <param name="threads">libtorch's intra-op thread count in force (the run's --threads, already set).</param>
    /// <param name="cacheDir">cache folder; null for the per-user default.</param>
    public static FineTunedBert Ensure(ConversationDataset ds, PretrainedTextModel model, BertFineTuneOptions options, int threads, string? cacheDir,
        Action<string>? log, Action<TextCnnProgress>? progress = null)
    {
        if (options.AveragesFolds) throw new ArgumentException("the fold average has K encoders: use EnsureEncoders", nameof(options));
        return EnsureEncoders(ds, model, options, threads, cacheDir, log, progress)[0];
    }

    /// <summary>Makes (or reads from the cache) the features of every utterance and gives them to <paramref name="ds"/>;
    /// returns the encoders that make the same vectors for new text: the fine-tuned encoder, or with
    /// <see cref="BertFineTuneOptions.FoldAverage"/> the K fold encoders, whose vectors' normalised mean
    /// (<see cref="FineTunedBert.NormalisedMean"/>) the validation, test and unlabelled utterances got.</summary>
    /// <param name="threads">libtorch's intra-op thread count in force (the run's --threads, already set).</param>
    /// <param name="cacheDir">cache folder; null for the per-user default.</param>
    public static IReadOnlyList<FineTunedBert> EnsureEncoders(ConversationDataset ds, PretrainedTextModel model, BertFineTuneOptions options, int threads,
        string? cacheDir, Action<string>? log, Action<TextCnnProgress>? progress = null)
    {
        options.Validate();
        // an encoder class weighting that no run resolved follows the data's automatic one (a run with --class-weights auto)
        options = options.ForClassWeighting(Training.ClassWeights.Enabled(Configuration.ClassWeighting.Auto, ds));
        threads = Math.Max(1, threads);
        var tokenizer = model.CreateTokenizer(options.MaxTokens);
        var cache = new TextFeatureCache(cacheDir);
        var key = TextFeatureCache.Key(ds, Fingerprint(model, tokenizer, options, threads));
        string kind = model.Key + FineTunedBert.FineTunedSuffix;
        bool average = options.AveragesFolds;
        if (average)
        {
            var hitAverage = cache.TryReadWithCompanion(FoldAverageKey(ds, key), ds, $"text features ({kind}, the mean of {options.Folds} fold encoders)",
                () => (cache.TryReadFoldEncoders(key, options.Folds, out var p), p), cache.FoldEncodersPathOf(key),
                $"text features ({kind}): the cache entry {cache.PathOf(FoldAverageKey(ds, key))} lacks its {options.Folds} fold encoders (cached before they were kept); fine-tuning them again.", log);
            if (hitAverage is not null) return hitAverage;
        }
        else
        {
            var hit = cache.TryReadWithCompanion(key, ds, $"text features ({kind})", () => (cache.TryReadFineTuned(key, out var p), p), cache.FineTunedPathOf(key),
                $"text features ({kind}): the cache entry {cache.PathOf(key)} lacks its fine-tuned encoder; recomputing.", log);
            if (hit is not null) return [hit];
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var lastLine = System.Diagnostics.Stopwatch.StartNew();
        var stage = System.Diagnostics.Stopwatch.StartNew(); // one encoder's fine-tuning (cross-fitting runs K or K + 1 in turn)
        int lastDone = 0;
        var tuner = new BertFineTuner(model, options, p =>
        {
            progress?.Invoke(p);
            if (p.Done < lastDone) stage.Restart();
            lastDone = p.Done;
            if (p.IsSummary) log?.Invoke(p.Message);
            else if (lastLine.Elapsed.TotalSeconds >= ProgressLineSeconds && p.Total > 0)
            {
                // a line a minute within the epochs, so that a log shows a long fine-tuning moving
                lastLine.Restart();
                double done = (double)p.Done / p.Total, elapsed = stage.Elapsed.TotalSeconds;
                log?.Invoke($"{p.Message}: {done:P0} of the fine-tuning steps after {elapsed / 60:F1} min, about {elapsed * (1 - done) / Math.Max(done, 1e-9) / 60:F0} min left");
            }
        });
        var features = tuner.Extract(ds, fullSplit: options.CrossFitted && !average ? CachedFullSplit(ds, model, tokenizer, options, threads, cache, log) : null);
        TextTraining.AssignText(ds, features);
        var t = tuner.LastReport;
        int n = features.Sum(d => d.Length);
        var folds = tuner.LastFoldEncoders;
        string encoders = average
            ? $"{options.Folds} fold encoders, kept epochs {string.Join(", ", folds!.Select(f => f.Report?.BestEpoch))}, valid weighted F1 {string.Join(", ", folds!.Select(f => $"{f.Report?.Valid?.WeightedF1:F2}"))}, about {t.SecondsPerEpoch:F1} s an epoch"
            : $"{(options.CrossFitted ? "the full-split encoder: " : "")}{t.EpochsRun} epoch(s) at {t.SecondsPerEpoch:F1} s each ({t.TrainUtterancesPerSecond:F1} utterances/s, {t.PaddingShare:P1} of the batches' word pieces padding{(options.FreezeLayers > 0 ? $", embeddings and the lowest {options.FreezeLayers} layers frozen" : "")}), kept epoch {t.BestEpoch}, valid weighted F1 {t.Valid?.WeightedF1:F2}";
        log?.Invoke($"text features ({kind}): {n} utterances × {model.Dim} in {started.Elapsed.TotalSeconds:F1} s ({threads} thread(s)); {encoders}; "
            + $"{tuner.LastTruncated} cut to {options.MaxTokens} tokens{(options.Input == BertFineTuneOptions.EmoBertaInput ? $" (EmoBERTa layout: {(options.PastOnly ? "earlier turns" : "earlier and later turns")} within {options.MaxTokens} word pieces{(options.Context > 0 ? $", at most {options.Context} a side" : "")})" : options.Context > 0 ? $" (each read with up to {options.Context} turns on either side)" : "")}. "
            + (!options.CrossFitted ? "Training-split features are in-sample (no cross-fitting)."
                : $"Training-split features cross-fitted over {options.Folds} folds of training dialogues (valid/test from {(average ? $"the mean of the {options.Folds} fold encoders" : "the full-split encoder")})."));
        try
        {
            if (tuner.LastFrontEnd is { } fullSplit)
            {
                cache.WriteFineTuned(key, fullSplit);
                var written = cache.Write(key, features); // not inside log?.Invoke(…): without a log the write would be skipped
                log?.Invoke($"text features: cached in {written}");
            }
            if (tuner.LastFoldAverage is { } mean && folds is not null)
            {
                var encodersAt = cache.WriteFoldEncoders(key, folds);
                var meanAt = cache.Write(FoldAverageKey(ds, key), mean); // after its encoders: a variant without them would be recomputed
                log?.Invoke($"text features: the fold-average variant (valid/test from the mean of the {options.Folds} fold encoders) cached in {meanAt}, its encoders in {encodersAt}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log?.Invoke($"warning: cannot write the text-feature cache in {cache.Directory} ({e.Message}); continuing without it.");
        }
        return average ? folds! : [tuner.LastFrontEnd!];
    }

    private static string FoldAverageKey(ConversationDataset ds, string key) => TextFeatureCache.Key(ds, $"fold-average of {key}");

    /// <summary>The fold counts whose cache entries are searched for a full-split encoder to reuse, in this order (0: a run
    /// without folds).</summary>
    private static readonly int[] ReusableFolds = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    /// <summary>Cross-fitting: the full-split encoder of the same settings, when the cache holds it (a run without
    /// <c>--encoder-folds</c> made it, or one with another K: every cross-fitted entry keeps its full-split encoder, the
    /// same weights), so that only the K fold encoders are fine-tuned; null otherwise.</summary>
    private static FineTunedBert? CachedFullSplit(ConversationDataset ds, PretrainedTextModel model, BertTextTokenizer tokenizer,
        BertFineTuneOptions options, int threads, TextFeatureCache cache, Action<string>? log)
    {
        foreach (var k in ReusableFolds.Where(k => k != options.Folds))
        {
            var key = TextFeatureCache.Key(ds, Fingerprint(model, tokenizer, options with { Folds = k }, threads));
            var full = cache.TryReadFineTuned(key, out var problem);
            if (problem is not null)
                log?.Invoke($"warning: text-feature cache {cache.FineTunedPathOf(key)} is unusable ({problem}); not reusing its full-split encoder.");
            if (full?.Report is null) continue;
            log?.Invoke($"text features ({model.Key}{FineTunedBert.FineTunedSuffix}): the full-split encoder read from cache {cache.FineTunedPathOf(key)} "
                + $"({(k == 0 ? "a run without folds" : $"a run cross-fitted over {k} folds")} made it); fine-tuning only the {options.Folds} fold encoders");
            return full;
        }
        return null;
    }
}
