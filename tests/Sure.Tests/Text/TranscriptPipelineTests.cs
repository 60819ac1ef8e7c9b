using Sure.Configuration;
using Sure.Data;
using Sure.Runs;
using Sure.Loading;

namespace Sure.Tests.Text;

/// <summary>Transcripts → text features → SURE, through DataSource, on a small hand-made JSONL dataset and word-vector file.</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class TranscriptPipelineTests
{
    /// <summary>A 12-dialogue two-class transcript corpus (data.jsonl) and 8-d word vectors (vectors.txt) in a new temporary folder.</summary>
    internal static (string Data, string Glove) Files()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sure-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var words = new[] { "great", "happy", "love", "awful", "sad", "hate", "the", "day", "is", "so" };
        var rng = new Random(3);
        File.WriteAllLines(Path.Combine(dir, "vectors.txt"), words.Select(w => w + " " + string.Join(" ", Enumerable.Range(0, 8).Select(_ => (rng.NextDouble() - 0.5).ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))));
        var lines = new List<string> { "{\"sure_format\": 1, \"classes\": [\"pos\", \"neg\"]}" };
        for (int d = 0; d < 12; d++)
        {
            var split = d < 8 ? "train" : d < 10 ? "valid" : "test";
            var utts = Enumerable.Range(0, 5).Select(i =>
            {
                bool pos = (d + i) % 2 == 0;
                var text = pos ? "the day is so great , love it" : "the day is awful , hate it";
                return $"{{\"speaker\": \"{(i % 2 == 0 ? "A" : "B")}\", \"text\": \"{text}\", \"label\": \"{(pos ? "pos" : "neg")}\"}}";
            });
            lines.Add($"{{\"id\": \"d{d}\", \"split\": \"{split}\", \"utterances\": [{string.Join(", ", utts)}]}}");
        }
        File.WriteAllLines(Path.Combine(dir, "data.jsonl"), lines);
        return (Path.Combine(dir, "data.jsonl"), Path.Combine(dir, "vectors.txt"));
    }

    [Theory]
    [InlineData("textcnn")]
    [InlineData("end2end")]
    public void TranscriptsTrainTextOnlySure(string encoder)
    {
        var (data, glove) = Files();
        var config = new SureConfig
        {
            Data = data, Glove = glove, TextEncoder = encoder, Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2,
            Epochs = 2, BatchSize = 4, Lr = 3e-3, Threads = 1,
        }.Validate();
        var loaded = DataSource.Load(config, cacheDir: Path.Combine(Path.GetDirectoryName(data)!, "cache"));
        if (encoder == "textcnn") Assert.All(loaded.Dataset.Dialogues.SelectMany(d => d.Utterances), u => Assert.Equal(100, u[Modality.Text]!.Length));
        else Assert.NotNull(loaded.TextEncoder);
        var dir = Path.Combine(Path.GetDirectoryName(data)!, "run-" + encoder);
        var outcome = TrainingRun.Execute(config, loaded, dir);
        Assert.Equal(10, outcome.Result.Test.Report.Count);
        Assert.Equal(100, RunFolder.ReadModelInfo(dir).Dims[(int)Modality.Text]);
    }

    [Fact]
    public void TextFeaturesAreMadeUnderTheRunsThreadCountAndCachedUnderIt()
    {
        // libtorch's thread count changes the order of floating-point sums, so it changes the TextCNN's features:
        // --threads must be in force before they are made, and the cache entry must say which count made them.
        var (data, glove) = Files();
        var cacheDir = Path.Combine(Path.GetDirectoryName(data)!, "cache");
        int before = TorchSharp.torch.get_num_threads(), wanted = before == 1 ? 2 : 1;
        try
        {
            var config = new SureConfig { Data = data, Glove = glove, Modalities = "t", Threads = wanted, TextCnn = new Sure.Configuration.TextCnnOptions { Epochs = 1 } }.Validate();
            var loaded = DataSource.Load(config, cacheDir: cacheDir);
            Assert.Equal(wanted, TorchSharp.torch.get_num_threads());
            var key = Sure.Text.TextFeatureCache.Key(loaded.Dataset, glove, config.TextCnn, $"cpu/threads={wanted}");
            Assert.True(File.Exists(Path.Combine(cacheDir, "text-features", key + ".stf")), $"no cache entry {key} for threads={wanted}");
            Assert.NotEqual(key, Sure.Text.TextFeatureCache.Key(loaded.Dataset, glove, config.TextCnn, $"cpu/threads={before + wanted}"));
        }
        finally
        {
            TorchSharp.torch.set_num_threads(before);
        }
    }

    [Fact]
    public void ExperimentRunsTheEndToEndTextEncoder()
    {
        var (data, glove) = Files();
        var outDir = Path.Combine(Path.GetDirectoryName(data)!, "exp");
        var (code, _, err) = Sure.Tests.Cli.SureCliRunner.Run("experiment", "--data", data, "--glove", glove, "--text-encoder", "end2end", "--modalities", "t",
            "--hidden", "16", "--heads", "2", "--experts", "3", "--top-k", "2", "--epochs", "1", "--threads", "1", "--variants", "full", "--seeds", "1", "--out", outDir);
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(outDir, "full", "seed-1", "result.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "full", "seed-1", Sure.Text.TextEncoderSpec.VocabularyFile)));
    }

    [Fact]
    public void EachSeedOfAnExperimentFineTunesItsOwnEncoderAndTheTableShowsTheEncoderAlone()
    {
        var (data, _) = Files();
        var dir = Path.GetDirectoryName(data)!;
        var outDir = Path.Combine(dir, "exp-ft");
        var (code, output, err) = Sure.Tests.Cli.SureCliRunner.Run("experiment", "--data", data, "--text-encoder", "minilm-ft", "--encoder-epochs", "1",
            "--encoder-max-tokens", "16", "--modalities", "t", "--hidden", "16", "--heads", "2", "--experts", "3", "--top-k", "2", "--epochs", "1",
            "--threads", "1", "--variants", "full", "--seeds", "2", "--cache-dir", Path.Combine(dir, "cache-ft"), "--out", outDir);
        Assert.True(code == 0, err);
        // seed 2 does not reuse seed 1's encoder: it fine-tunes its own, and says so under its name
        Assert.Contains("full seed 2: text features (minilm-ft)", output);
        var r1 = Sure.Reporting.RunResult.TryRead(Path.Combine(outDir, "full", "seed-1"), out _)!;
        var r2 = Sure.Reporting.RunResult.TryRead(Path.Combine(outDir, "full", "seed-2"), out _)!;
        Assert.Equal((1, 1), (r1.TextEncoder!.EpochsRun, r2.TextEncoder!.EpochsRun));
        Assert.NotEqual(ReadBertWeight(Path.Combine(outDir, "full", "seed-1")), ReadBertWeight(Path.Combine(outDir, "full", "seed-2")));
        var table = File.ReadAllText(Path.Combine(outDir, Sure.Experiments.ResultTable.MarkdownFileName));
        Assert.Contains("text encoder alone: accuracy | weighted F1 | s/epoch", table);
    }

    /// <summary>The fine-tuned encoder's weights in a run's model file (bert.safetensors bytes).</summary>
    private static byte[] ReadBertWeight(string runDir)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(runDir, Sure.Inference.ModelFile.FileName));
        using var s = zip.GetEntry("front_ends/text/bert.safetensors")!.Open(); // format version 2: a registered front end's entries
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    [Fact]
    public void GloveWithoutTextsIsAClearError()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sure-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var data = Path.Combine(dir, "d.jsonl");
        File.WriteAllLines(data, ["{\"sure_format\": 1, \"classes\": [\"p\", \"q\"]}", "{\"id\": \"a\", \"utterances\": [{\"speaker\": \"x\", \"label\": 0, \"features\": {\"audio\": [1, 2]}}]}"]);
        File.WriteAllText(Path.Combine(dir, "v.txt"), "a 1 2\n");
        var e = Assert.ThrowsAny<Sure.Errors.SureUserException>(() => DataSource.Load(new SureConfig { Data = data, Glove = Path.Combine(dir, "v.txt") }));
        Assert.Contains("no utterance texts", e.Message);
    }
}
