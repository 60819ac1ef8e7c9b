using System.Globalization;
using NAudio.Wave;
using Sure.Audio.FrontEnds;
using Sure.Audio.LogMel;
using Sure.Configuration;
using Sure.Data;
using Sure.Errors;
using Sure.FrontEnds;
using Sure.Inference;
using Sure.Runs;
using Sure.Loading;

namespace Sure.Tests.FrontEnds;

/// <summary>Sure.Audio's front ends from recordings to model file to prediction: the file alone labels new recordings as the run did.</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class AudioFrontEndTests
{
    /// <summary>The descriptors, and a log-mel CNN small enough for a test.</summary>
    private static readonly FrontEndCatalog Catalog = FrontEndCatalog.Empty.With(new DescriptorFrontEndKind(),
        new LogMelFrontEndKind(new LogMelOptions { Epochs = 2, Folds = 2, Channels = 16, Blocks = 2, Hidden = 16, BatchSize = 8, Patience = 0 }));

    /// <summary>A 0.4 s 16 kHz 16-bit WAV: a harmonic tone at <paramref name="f0"/> Hz with a little noise.</summary>
    internal static void Tone(string path, double f0, int seed, double seconds = 0.4)
    {
        var rng = new Random(seed);
        using var w = new WaveFileWriter(path, new WaveFormat(16000, 16, 1));
        int n = (int)(seconds * 16000);
        for (int i = 0; i < n; i++)
        {
            double t = i / 16000.0, x = 0;
            for (int h = 1; h <= 5; h++) x += Math.Sin(2 * Math.PI * f0 * h * t) / h;
            w.WriteSample((float)(0.3 * x / 2 + 0.01 * (rng.NextDouble() - 0.5)));
        }
    }

    /// <summary>20 dialogues of 3 utterances; class 0 speaks at 120 Hz, class 1 at 260 Hz.</summary>
    internal static string Corpus(string dir) => RecordingCorpus.Write(dir, ["low", "high"], 20, 3, ".wav", 11, (path, y, rng, d, i) =>
        Tone(path, (y == 0 ? 120 : 260) * (0.9 + 0.2 * rng.NextDouble()), d * 10 + i));

    [Theory]
    [InlineData("descriptors")]
    [InlineData("logmel-cnn")]
    public void The_model_file_alone_labels_recordings_as_the_run_did(string encoder)
    {
        using var tmp = new Sure.Tests.Data.TempDir();
        var config = new SureConfig { Data = Corpus(tmp.Path), AudioEncoder = encoder, Modalities = "a", Hidden = 16, Heads = 2, Epochs = 3, Lr = 3e-3, Threads = 1 }.Validate();
        var data = DataSource.Load(config, null, Path.Combine(tmp.Path, "cache"), Catalog);
        var run = Path.Combine(tmp.Path, "run");
        TrainingRun.Execute(config, data, run);
        var test = data.Dataset.In(Split.Test).ToList();
        // the run's own vectors for the test split, through the trained weights (the predictor must make the same vectors from the recordings)
        using var model = RunCheckpoint.Open(run, dataOverride: null, Path.Combine(tmp.Path, "cache"), frontEnds: Catalog);
        using var predictor = SurePredictor.Open(Path.Combine(run, ModelFile.FileName), new PredictorOptions(1, Catalog));
        Assert.Equal(encoder, Assert.Single(predictor.Manifest.FrontEnds!).Kind);
        foreach (var d in test)
        {
            var expected = model.Predict(data.Dataset.Dialogues.Single(x => x.Id == d.Id)).OrderBy(p => p.Index).ToList();
            var got = predictor.Predict(new Conversation(d.Id, [.. d.Utterances.Select(u => new Turn(u.Speaker, null, Audio: u.Audio))]));
            for (int i = 0; i < got.Count; i++)
                for (int c = 0; c < 2; c++)
                    Assert.Equal(expected[i].Probabilities[c], got[i].Probabilities[predictor.ClassNames[c]], 4);
        }
    }

    [Fact]
    public void A_recording_that_cannot_be_read_is_one_line_naming_the_file_dialogue_and_utterance()
    {
        using var tmp = new Sure.Tests.Data.TempDir();
        var data = Corpus(tmp.Path);
        File.WriteAllBytes(Path.Combine(tmp.Path, "rec", "d3-u1.wav"), [0x52, 0x49, 0x46, 0x46, 1, 2, 3]); // truncated RIFF header
        var config = new SureConfig { Data = data, AudioEncoder = "descriptors", Modalities = "a", Threads = 1 };
        var e = Assert.ThrowsAny<SureUserException>(() => DataSource.Load(config, null, null, Catalog));
        Assert.Contains("d3-u1.wav", e.Message);
        Assert.Contains("dialogue c3, utterance 1", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void The_log_mel_CNN_is_cached_by_fingerprint_with_its_vectors()
    {
        using var tmp = new Sure.Tests.Data.TempDir();
        var config = new SureConfig { Data = Corpus(tmp.Path), AudioEncoder = "logmel-cnn", Modalities = "a", Threads = 1 }.Validate();
        var cache = Path.Combine(tmp.Path, "cache");
        var first = DataSource.Load(config, null, cache, Catalog);
        var log = new List<string>();
        var second = DataSource.Load(config, log.Add, cache, Catalog);
        Assert.Contains(log, l => l.StartsWith("audio features: read from the cache", StringComparison.Ordinal));
        var a = first.Dataset.Dialogues.SelectMany(d => d.Utterances).Select(u => u[Modality.Audio]!).ToList();
        var b = second.Dataset.Dialogues.SelectMany(d => d.Utterances).Select(u => u[Modality.Audio]!).ToList();
        Assert.Equal(a, b);
        // the cached CNN encodes new recordings as the trained one does
        var u = second.Dataset.Dialogues[^1].Utterances;
        Assert.Equal(first.FrontEnds[0].Encode(u, "x"), second.FrontEnds[0].Encode(u, "x"));
        // another seed trains another CNN
        var log3 = new List<string>();
        DataSource.Load(config with { Seed = 2 }, log3.Add, cache, Catalog);
        Assert.DoesNotContain(log3, l => l.StartsWith("audio features: read from the cache", StringComparison.Ordinal));
    }
}
