using System.IO.Compression;
using System.Text.Json.Nodes;
using Sure.Audio.LogMel;
using Sure.Data;
using Sure.FrontEnds;

namespace Sure.Audio.FrontEnds;

/// <summary>Registers <see cref="LogMelFrontEnd"/> as "logmel-cnn": fits the CNN on the training split, cross-fitted by dialogue.</summary>
public sealed class LogMelFrontEndKind(LogMelOptions? options = null) : IFrontEndKind
{
    public string Kind => LogMelFrontEnd.KindName;
    public Modality Modality => Modality.Audio;
    public string Description => "a CNN over log-mel spectrograms, trained on the training split (cross-fitted)";
    public bool UsesLabels => true;
    /// <summary>The audio front ends' preset (<see cref="DescriptorFrontEndKind.Speech"/>).</summary>
    public InputPreset? Preset => DescriptorFrontEndKind.Speech(Kind);

    /// <summary>The CNN's settings with the run's seed: each seed of an experiment trains its own.</summary>
    public string SettingsKey(Configuration.SureConfig config) => ((options ?? new LogMelOptions()) with { Seed = config.Seed }).Fingerprint();

    public IFrontEnd Fit(ConversationDataset dataset, FrontEndContext context)
    {
        var o = (options ?? new LogMelOptions()) with { Seed = context.Seed };
        var items = dataset.Dialogues.SelectMany((d, di) => d.Utterances.Select((u, i) => (U: u, D: d, Di: di, I: i))).ToList();
        // cached by fingerprint: the recordings, the settings, the thread count, and what training reads (splits, labels)
        var cache = new AudioFeatureCache(context.CacheDirectory, context.Log);
        var key = AudioFeatureCache.Key(dataset, $"{Kind} {o.CanonicalString()} threads={Math.Max(1, context.Threads)} "
            + string.Join(";", dataset.Dialogues.Select(d => $"{d.Id}:{d.Split}:{string.Join(",", d.Utterances.Select(u => u.Label))}")));
        if (cache.TryRead(key, items.Count) is { } cached && TryReadEncoder(cache, key, context.Log) is { } cachedEncoder)
        {
            for (int k = 0; k < items.Count; k++) items[k].U[Modality.Audio] = cached[k];
            return new LogMelFrontEnd(cachedEncoder, o);
        }
        var clips = new AudioClip?[items.Count];
        OrderedParallel.For(items.Count, context.Threads, k =>
        {
            var (u, d, _, i) = items[k];
            if (u.Audio is { } a) clips[k] = AudioInput.Load(a, d.Id, i);
        }, context.Progress, "decoding audio");
        var (vectors, encoder) = LogMelTrainer.FitCrossFitted(clips, [.. items.Select(x => x.U.Label)], [.. items.Select(x => x.Di)],
            [.. items.Select(x => x.D.Split == Split.Train)], dataset.ClassCount, o, context.Log);
        for (int k = 0; k < items.Count; k++) items[k].U[Modality.Audio] = vectors[k];
        if (cache.PathOf(key) is { } path)
        {
            try
            {
                IO.AtomicFile.Write(path + ".logmel.zip", tmp =>
                {
                    using var zip = ZipFile.Open(tmp, ZipArchiveMode.Create);
                    encoder.WriteTo(zip, "");
                });
                cache.Write(key, vectors); // after the encoder: an entry with vectors always has its encoder
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Log?.Invoke($"warning: cannot write the log-mel CNN to the cache ({e.Message}); continuing without it.");
            }
        }
        return new LogMelFrontEnd(encoder, o);
    }

    /// <summary>The cached CNN of <paramref name="key"/>, or null (absent or unreadable: then it is trained again).</summary>
    private static LogMelEncoder? TryReadEncoder(AudioFeatureCache cache, string key, Action<string>? log)
    {
        var path = cache.PathOf(key) + ".logmel.zip";
        if (!File.Exists(path)) return null;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return LogMelEncoder.ReadFrom(zip, "", path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or Errors.SureUserException)
        {
            log?.Invoke($"warning: the cached log-mel CNN {path} is unreadable ({Errors.ErrorText.OneLine(e.Message)}); training it again.");
            return null;
        }
    }

    public IFrontEnd Read(ZipArchive zip, string prefix, JsonObject description, string path, FrontEndRuntime runtime) =>
        new LogMelFrontEnd(LogMelEncoder.ReadFrom(zip, prefix, path), options ?? new LogMelOptions());
}
