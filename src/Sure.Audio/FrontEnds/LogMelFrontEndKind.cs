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

    /// <summary>The CNN's settings with the run's seed: each seed of an experiment trains its own.</summary>
    public string SettingsKey(Configuration.SureConfig config) => ((options ?? new LogMelOptions()) with { Seed = config.Seed }).Fingerprint();

    public IFrontEnd Fit(ConversationDataset dataset, FrontEndContext context)
    {
        var o = (options ?? new LogMelOptions()) with { Seed = context.Seed };
        var items = dataset.Dialogues.SelectMany((d, di) => d.Utterances.Select((u, i) => (U: u, D: d, Di: di, I: i))).ToList();
        var clips = new AudioClip?[items.Count];
        long done = 0;
        OrderedParallel.For(items.Count, context.Threads, k =>
        {
            var (u, d, _, i) = items[k];
            if (u.Audio is { } a) clips[k] = AudioInput.Load(a, d.Id, i);
            var n = Interlocked.Increment(ref done);
            if (context.Progress is not null && (n % 16 == 0 || n == items.Count)) context.Progress(n, items.Count, "decoding audio");
        });
        var (vectors, encoder) = LogMelTrainer.FitCrossFitted(clips, [.. items.Select(x => x.U.Label)], [.. items.Select(x => x.Di)],
            [.. items.Select(x => x.D.Split == Split.Train)], dataset.ClassCount, o, context.Log);
        for (int k = 0; k < items.Count; k++) items[k].U[Modality.Audio] = vectors[k];
        return new LogMelFrontEnd(encoder, o);
    }

    public IFrontEnd Read(ZipArchive zip, string prefix, JsonObject description, string path, FrontEndRuntime runtime) =>
        new LogMelFrontEnd(LogMelEncoder.ReadFrom(zip, prefix, path), options ?? new LogMelOptions());
}
