using System.Diagnostics;
using System.Globalization;
using NAudio.Wave;
using Sure.Audio.LogMel;
using TorchSharp;
using Xunit.Abstractions;

namespace Sure.Audio.Tests.LogMel;

/// <summary>
/// The real check of docs/audio-logmel.md on EmoDB, run only when SURE_EMODB names the folder of emodb.csv (otherwise it
/// returns at once): WAVs read with NAudio, resampled to 16 kHz, the speakers in SURE_EMODB_TEST (default 03,08) held
/// out as the test split, cross-fitted training grouped by speaker, and the accuracy and UAR of the CNN's own head.
/// SURE_EMODB_SET="Epochs=20;TestFrom=full;…" overrides options (property names of LogMelOptions); one thread. Lines go to the test output and to SURE_EMODB_LOG when set.
/// </summary>
public sealed class LogMelEmoDbCheck(ITestOutputHelper output)
{
    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    [Fact]
    public void EmoDbHeldOutSpeakers()
    {
        if (Env("SURE_EMODB") is not { } root) return;
        torch.set_num_threads(1);
        var logFile = Env("SURE_EMODB_LOG");
        void Log(string line)
        {
            output.WriteLine(line);
            if (logFile is not null) File.AppendAllText(logFile, line + Environment.NewLine);
        }
        var heldOut = (Env("SURE_EMODB_TEST") ?? "03,08").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var rows = File.ReadAllLines(Path.Combine(root, "emodb.csv")).Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var first = l.IndexOf(',');
            var second = l.IndexOf(',', first + 1);
            return (File: l[..first], Speaker: l[(first + 1)..second], Emotion: l[(l.LastIndexOf(',') + 1)..].Trim());
        }).ToList();
        var emotions = rows.Select(r => r.Emotion).Distinct().Order(StringComparer.Ordinal).ToArray();
        var speakers = rows.Select(r => r.Speaker).Distinct().Order(StringComparer.Ordinal).ToList();

        var clock = Stopwatch.StartNew();
        var clips = rows.Select(r => (AudioClip?)Read(Path.Combine(root, r.File))).ToList();
        Log(string.Create(CultureInfo.InvariantCulture, $"read and resampled {clips.Count} WAVs in {clock.Elapsed.TotalSeconds:F1} s"));
        var labels = rows.Select(r => Array.IndexOf(emotions, r.Emotion)).ToArray();
        var group = rows.Select(r => speakers.IndexOf(r.Speaker)).ToArray();
        var isTrain = rows.Select(r => !heldOut.Contains(r.Speaker)).ToArray();
        var o = Override(new LogMelOptions { Threads = 1 }, Env("SURE_EMODB_SET"));
        Log($"options: {o.CanonicalString()}; test speakers {string.Join(",", heldOut.Order())}; classes {string.Join(",", emotions)}");
        clock.Restart();
        var fit = LogMelTrainer.FitCore(clips, labels, group, isTrain, emotions.Length, o, Log);
        var (vectors, encoder) = (fit.Vectors, fit.Encoder);
        using var _ = encoder;
        Log(string.Create(CultureInfo.InvariantCulture, $"fit in {clock.Elapsed.TotalSeconds:F1} s"));
        var sources = new List<(string, bool, float[]?[])>
        {
            ($"test (held-out speakers, {o.TestFrom})", false, vectors), (o.CrossFits ? "training (cross-fitted)" : "training (in-sample)", true, vectors),
        };
        if (o.TestFrom == LogMelOptions.FullTestFrom && fit.FoldAverage is { } average) sources.Add(("test (held-out speakers, fold average)", false, average));
        foreach (var (name, member, source) in sources)
        {
            var idx = Enumerable.Range(0, rows.Count).Where(i => isTrain[i] == member).ToArray();
            var pred = idx.Select(i => LogMelMetrics.ArgMax(source[i]!)).ToArray();
            var gold = idx.Select(i => labels[i]).ToArray();
            Log(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {idx.Length} clips, accuracy {100 * LogMelMetrics.Accuracy(pred, gold):F1} %, UAR {100 * LogMelMetrics.Uar(pred, gold, emotions.Length):F1} %"));
        }

        // prediction speed: one 2 s clip through the encoder (all its models), and through one model
        var one = new List<AudioClip> { clips[0]! };
        encoder.Encode(one);
        using var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        clock.Restart();
        for (int r = 0; r < 20; r++) encoder.Encode(one);
        double perClip = clock.Elapsed.TotalMilliseconds / 20;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpu0).TotalMilliseconds / 20;
        Log(string.Create(CultureInfo.InvariantCulture,
            $"prediction: {cpu:F1} ms CPU ({perClip:F1} ms wall) per 2 s clip through the encoder ({encoder.Models.Count} model(s); spectrogram included)"));
    }

    /// <summary>Options with "Name=value;Name=value" applied (property names of <see cref="LogMelOptions"/>).</summary>
    private static LogMelOptions Override(LogMelOptions o, string? settings)
    {
        if (settings is null) return o;
        var copy = o with { };
        foreach (var pair in settings.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
            var property = typeof(LogMelOptions).GetProperty(name) ?? throw new ArgumentException($"no option '{name}'");
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            property.SetValue(copy, Convert.ChangeType(value, type, CultureInfo.InvariantCulture));
        }
        return copy.Validate();
    }

    private static AudioClip Read(string path)
    {
        using var reader = new WaveFileReader(path);
        var provider = reader.ToSampleProvider();
        var samples = new List<float>();
        var buffer = new float[8192];
        int read;
        while ((read = provider.Read(buffer.AsSpan())) > 0) samples.AddRange(buffer.AsSpan(0, read));
        int channels = reader.WaveFormat.Channels;
        var mono = new float[samples.Count / channels];
        for (int i = 0; i < mono.Length; i++)
        {
            float sum = 0;
            for (int c = 0; c < channels; c++) sum += samples[i * channels + c];
            mono[i] = sum / channels;
        }
        return new AudioClip(SincResampler.Resample(mono, reader.WaveFormat.SampleRate, AudioClip.StandardRate), AudioClip.StandardRate);
    }
}
