using System.Text.Json.Nodes;
using NAudio.Wave;
using Sure.Configuration;
using Sure.Data;
using Sure.Inference;
using Sure.Runs;
using Sure.Tests.Data;
using Sure.Loading;

namespace Sure.Tests.Server;

/// <summary>Models for the audio tests, trained once per test class: a causal model that reads recordings (the
/// "descriptors" audio front end, modality "a") trained on generated WAVs (calm: a quiet low hum; upset: loud, high,
/// noisy), and a causal model on 4-d given text vectors that reads no audio. Plus the recordings, as files.</summary>
public sealed class AudioServedModels : IDisposable
{
    private readonly TempDir _dir = new();

    /// <summary>Reads recordings through the descriptors front end; causal (live turns from cached state).</summary>
    public SurePredictor Audio { get; }
    /// <summary>Reads given text vectors only.</summary>
    public SurePredictor NoAudio { get; }
    /// <summary>Eight 0.5 s recordings at 16 kHz, 16-bit mono: 0–3 calm, 4–7 upset.</summary>
    public IReadOnlyList<string> Recordings { get; }
    /// <summary>A folder for a test's own files (removed with the fixture).</summary>
    public string Folder => _dir.Path;

    public AudioServedModels()
    {
        Directory.CreateDirectory(_dir.File("rec"));
        Recordings = Enumerable.Range(0, 8).Select(k => WriteWav(_dir.File($"rec/r{k}.wav"), Tone(k, 0.5, 16000), 16000)).ToList();
        var lines = new List<string> { "{\"sure_format\": 1, \"classes\": [\"calm\", \"upset\"]}" };
        var rng = new Random(7);
        for (int d = 0; d < 12; d++)
        {
            var utts = Enumerable.Range(0, 4).Select(i =>
            {
                int k = rng.Next(8);
                return $"{{\"speaker\": \"{(i % 2 == 0 ? "a" : "b")}\", \"label\": \"{(k < 4 ? "calm" : "upset")}\", \"audio\": \"rec/r{k}.wav\"}}";
            });
            lines.Add($"{{\"id\": \"c{d}\", \"split\": \"{(d < 8 ? "train" : d < 10 ? "valid" : "test")}\", \"utterances\": [{string.Join(", ", utts)}]}}");
        }
        var data = _dir.File("calls.jsonl");
        File.WriteAllLines(data, lines);
        var config = new SureConfig { Data = data, AudioEncoder = "descriptors", Modalities = "a", Hidden = 16, Heads = 2, Epochs = 2, Lr = 1e-2, Threads = 1, Context = ContextMode.Causal }.Validate();
        Audio = Train(config, DataSource.Load(config, null, _dir.File("cache"), TestFrontEnds.Catalog), "audio");

        var vectors = Sure.Tests.Inference.ModelFileTests.VectorCorpus(Directory.CreateDirectory(_dir.File("vec")).FullName);
        var plain = new SureConfig { Data = vectors, Modalities = "t", Hidden = 16, Heads = 2, Epochs = 1, Threads = 1, Context = ContextMode.Causal }.Validate();
        NoAudio = Train(plain, DataSource.Load(plain), "plain");
    }

    private SurePredictor Train(SureConfig config, LoadedData data, string name)
    {
        var run = _dir.File(name);
        TrainingRun.Execute(config, data, run);
        return SurePredictor.Open(Path.Combine(run, ModelFile.FileName), new PredictorOptions(1, TestFrontEnds.Catalog));
    }

    /// <summary>Recording <paramref name="k"/>'s samples: k &lt; 4 a quiet hum at 120–180 Hz, otherwise a loud 500–800 Hz tone
    /// with noise (a fixed seed per recording).</summary>
    public static float[] Tone(int k, double seconds, int rate)
    {
        var rng = new Random(100 + k);
        bool upset = k >= 4;
        double f = upset ? 500 + 100 * (k - 4) : 120 + 20 * k, amp = upset ? 0.6 : 0.08;
        return Enumerable.Range(0, (int)(seconds * rate)).Select(i =>
            (float)(amp * Math.Sin(2 * Math.PI * f * i / rate) + (upset ? 0.15 : 0.01) * (rng.NextDouble() * 2 - 1))).ToArray();
    }

    /// <summary>Writes <paramref name="samples"/> as a 16-bit PCM mono WAV; returns the path.</summary>
    public static string WriteWav(string path, float[] samples, int rate)
    {
        using var w = new WaveFileWriter(path, new WaveFormat(rate, 16, 1));
        w.WriteSamples(samples, 0, samples.Length);
        return path;
    }

    /// <summary>A turn as the API takes it, its recording inline in base64.</summary>
    public static JsonObject AudioTurnJson(string speaker, string wav) =>
        new() { ["speaker"] = speaker, ["audio"] = new JsonObject { ["base64"] = Convert.ToBase64String(File.ReadAllBytes(wav)) } };

    public void Dispose()
    {
        Audio.Dispose();
        NoAudio.Dispose();
        _dir.Dispose();
    }
}
