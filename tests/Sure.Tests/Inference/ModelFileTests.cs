using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Data;
using Sure.Errors;
using Sure.Inference;
using Sure.Runs;
using Sure.Tests.Data;
using Sure.Loading;

namespace Sure.Tests.Inference;

/// <summary>The model file (model.sure) and SurePredictor: a trained run's predictions reproduced from the file alone.</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class ModelFileTests
{
    /// <summary>A 16-dialogue two-class JSONL corpus with 4-d text vectors in which the class shows (dimension y ≈ 2).</summary>
    internal static string VectorCorpus(string dir)
    {
        var rng = new Random(5);
        var lines = new List<string> { "{\"sure_format\": 1, \"classes\": [\"calm\", \"upset\"]}" };
        for (int d = 0; d < 16; d++)
        {
            var utts = Enumerable.Range(0, 5).Select(i =>
            {
                int y = rng.Next(2);
                var f = string.Join(", ", Enumerable.Range(0, 4).Select(k => ((k == y ? 2.0 : 0.0) + rng.NextDouble() - 0.5).ToString("F3", CultureInfo.InvariantCulture)));
                return $"{{\"speaker\": \"{(i % 2 == 0 ? "agent" : "caller")}\", \"text\": \"turn {i}\", \"label\": \"{(y == 0 ? "calm" : "upset")}\", \"features\": {{\"text\": [{f}]}}}}";
            });
            lines.Add($"{{\"id\": \"c{d}\", \"split\": \"{(d < 10 ? "train" : d < 12 ? "valid" : "test")}\", \"utterances\": [{string.Join(", ", utts)}]}}");
        }
        var path = Path.Combine(dir, "calls.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Trains a tiny run; returns the run folder and the run's own predictions on its test split (label, probabilities per utterance).</summary>
    private static (string Run, List<Conversation> Test, List<(int Label, float[] P)> Expected) TrainTiny(string dir, SureConfig config, string? cacheDir = null)
    {
        var run = Path.Combine(dir, "run");
        TrainingRun.Execute(config, DataSource.Load(config, null, cacheDir, TestFrontEnds.Catalog), run);
        using var model = RunCheckpoint.Open(run, dataOverride: null, cacheDir, frontEnds: TestFrontEnds.Catalog);
        var test = model.Data.Dataset.In(Split.Test).ToList();
        var expected = test.SelectMany(d => model.Predict(d).OrderBy(p => p.Index).Select(p => (p.Predicted, p.Probabilities))).ToList();
        var conversations = test.Select(d => new Conversation(d.Id, d.Utterances.Select(u => new Turn(u.Speaker, u.Text, null,
            u[Modality.Text] is { } f && config.Glove is null ? new Dictionary<string, float[]> { ["text"] = f } : null)).ToList())).ToList();
        return (run, conversations, expected);
    }

    private static void AssertSamePredictions(SurePredictor predictor, List<Conversation> test, List<(int Label, float[] P)> expected)
    {
        var got = test.SelectMany(predictor.Predict).ToList();
        Assert.Equal(expected.Count, got.Count);
        // all conversations at once (the front end encodes their turns together, the model reads them padded): the same
        var many = predictor.PredictMany(test).SelectMany(x => x).ToList();
        Assert.Equal(got.Select(t => (t.ConversationId, t.Index)), many.Select(t => (t.ConversationId, t.Index)));
        for (int i = 0; i < got.Count; i++)
            foreach (var (c, p) in got[i].Probabilities) Assert.Equal(p, many[i].Probabilities[c], tolerance: 1e-5);
        for (int i = 0; i < got.Count; i++)
        {
            Assert.Equal(predictor.ClassNames[expected[i].Label], got[i].Label);
            for (int c = 0; c < expected[i].P.Length; c++)
                Assert.Equal(expected[i].P[c], got[i].Probabilities[predictor.ClassNames[c]], tolerance: 1e-5); // not rounding to 5 places: 0.428705037 and 0.428704917 round apart
        }
    }

    [Fact]
    public void PredictsAsTheRunDoesFromTheModelFileAloneAfterTheDataIsDeleted_GivenVectors()
    {
        using var tmp = new TempDir();
        var data = VectorCorpus(tmp.Path);
        var config = new SureConfig { Data = data, Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2, Epochs = 2, BatchSize = 4, Lr = 3e-3, Threads = 1 }.Validate();
        var (run, test, expected) = TrainTiny(tmp.Path, config);
        File.Delete(data);
        var moved = tmp.File("elsewhere.sure");
        File.Move(Path.Combine(run, ModelFile.FileName), moved);
        Directory.Delete(run, recursive: true);

        using var predictor = SurePredictor.Open(moved);
        Assert.Equal(["calm", "upset"], predictor.ClassNames);
        Assert.Equal("features", predictor.TextFrontEnd);
        AssertSamePredictions(predictor, test, expected);
        var first = predictor.Predict(test[0])[0];
        Assert.Equal(test[0].Id, first.ConversationId);
        Assert.Null(first.KnownWordShare); // given vectors: no word-level front end
        Assert.Equal(3, first.Routing["text"].Length);
        // hand-computed entropy of the returned probabilities
        Assert.Equal(-first.Probabilities.Values.Sum(p => p * Math.Log(p)), first.Entropy, 5);
    }

    [Theory]
    [InlineData("textcnn", 0, "features")]
    [InlineData("textcnn", 2, "log-probs")]
    [InlineData("end2end", 0, "features")]
    [InlineData("minilm", 0, "features")]
    [InlineData("minilm-ft", 0, "features")]
    [InlineData("minilm-ft", 0, "features", 1)]
    [InlineData("minilm-ft", 0, "features", 0, 2)] // the fold average: two fold encoders in the model file
    public void PredictsAsTheRunDoesFromRawTextAfterTheDataVectorsAndCacheAreDeleted(string encoder, int folds, string export, int encoderContext = 0, int encoderFolds = 0)
    {
        var (data, glove) = Sure.Tests.Text.TranscriptPipelineTests.Files();
        var dir = Path.GetDirectoryName(data)!;
        var config = new SureConfig
        {
            Data = data, Glove = encoder.StartsWith("minilm", StringComparison.Ordinal) ? null : glove, TextEncoder = encoder, Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2,
            Epochs = 2, BatchSize = 4, Lr = 3e-3, Threads = 1,
            TextCnn = new Sure.Configuration.TextCnnOptions { Epochs = 3, Folds = folds, Export = export, Filters = 8, FeatureSize = 12 },
            Encoder = new Sure.Text.Bert.BertFineTuneOptions { Epochs = 1, MaxTokens = encoderContext > 0 ? 32 : 16, Context = encoderContext, Folds = encoderFolds, FoldAverage = encoderFolds >= 2 },
        }.Validate();
        if (encoderContext > 0) config = config with { Context = ContextMode.Causal }; // causal SURE: only the encoder's context reads later turns
        var (run, test, expected) = TrainTiny(dir, config, Path.Combine(dir, "cache"));
        if (encoder == "minilm-ft") // the encoder alone, scored during fine-tuning, is in result.json
            Assert.Equal(encoderContext, Sure.Reporting.RunResult.TryRead(run, out _)!.TextEncoder!.Context);
        File.Delete(data);
        File.Delete(glove);
        if (Directory.Exists(Path.Combine(dir, "cache"))) Directory.Delete(Path.Combine(dir, "cache"), recursive: true);

        using var predictor = SurePredictor.Open(Path.Combine(run, ModelFile.FileName), new PredictorOptions(FrontEnds: TestFrontEnds.Catalog));
        Assert.Equal(encoder, predictor.TextFrontEnd);
        // every text front end is in the manifest's front-end list (format version 3); the end-to-end encoder is the model's own
        Assert.Equal(encoder == "end2end" ? null : encoder, predictor.Manifest.FrontEnds?.SingleOrDefault(f => f.Modality == "text")?.Kind);
        Assert.Equal(encoder is "end2end" or "minilm" or "minilm-ft" ? 0 : folds >= 2 && export == "log-probs" ? 2 : 1, ReadTextCnnCount(Path.Combine(run, ModelFile.FileName)));
        if (encoderFolds >= 2) // prediction averages the fold encoders' vectors, as the run's valid/test vectors were
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(run, ModelFile.FileName));
            var prefix = Sure.FrontEnds.FrontEndEntry.PrefixOf(Modality.Text.Name());
            Assert.NotNull(zip.GetEntry($"{prefix}fold-{encoderFolds}/bert.safetensors"));
            Assert.Null(zip.GetEntry($"{prefix}bert.safetensors")); // no full-split encoder
            Assert.Equal(encoderFolds, (int)predictor.Manifest.FrontEnds!.Single(f => f.Modality == "text").Settings["fold_average"]!);
        }
        AssertSamePredictions(predictor, test, expected);
        if (encoderContext > 0)
        {
            // a causal SURE whose text encoder reads later turns: neither causal nor streamable
            Assert.False(predictor.IsCausal);
            Assert.False(predictor.CanStream);
            Assert.Throws<NotSupportedException>(() => predictor.OpenStream("live"));
        }
        var turn = predictor.Predict(new Conversation("new", [new Turn("A", "the day is great zzzunknownword")]))[0];
        if (encoder.StartsWith("minilm", StringComparison.Ordinal)) Assert.Null(turn.KnownWordShare); // word pieces: every word is known
        else Assert.Equal(4f / 5f, turn.KnownWordShare!.Value, 5); // the corpus's words with a vector (the, day, is, great, …): 4 of these 5 tokens
    }

    private static int ReadTextCnnCount(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.Count(e => e.FullName.StartsWith("front_ends/text/textcnn-", StringComparison.Ordinal)); // format version 3: under the front ends
    }

    private static string TinyModelFile(TempDir tmp)
    {
        var config = new SureConfig { Data = VectorCorpus(tmp.Path), Modalities = "t", Hidden = 8, Heads = 2, Experts = 2, TopK = 1, Epochs = 1, BatchSize = 8, Threads = 1 }.Validate();
        TrainingRun.Execute(config, DataSource.Load(config), tmp.File("run"));
        return Path.Combine(tmp.File("run"), ModelFile.FileName);
    }

    [Fact]
    public void RoundTripKeepsTheManifestAndEveryWeight()
    {
        using var tmp = new TempDir();
        var path = TinyModelFile(tmp);
        var a = ModelFile.Read(path);
        var copy = tmp.File("copy.sure");
        ModelFile.Write(copy, a);
        var b = ModelFile.Read(copy);
        Assert.Equal(a.Manifest.Classes, b.Manifest.Classes);
        Assert.Equal(a.Manifest.Dims, b.Manifest.Dims);
        Assert.Equal(a.Manifest.TrainingData, b.Manifest.TrainingData);
        Assert.Equal(a.Manifest.Entries, b.Manifest.Entries); // the same bytes in every entry
        Assert.Equal(a.Model, b.Model);
        Assert.Equal(a.Weights.Select(w => w.Name), b.Weights.Select(w => w.Name));
        for (int i = 0; i < a.Weights.Count; i++) Assert.Equal(a.Weights[i].Data, b.Weights[i].Data);
        Assert.Contains(a.Weights, w => w.Name.StartsWith("input_norm", StringComparison.Ordinal)); // normalisation statistics travel
        Assert.NotNull(a.Manifest.Metrics?["test"]?["weighted_f1"]);
        Assert.Equal(16, a.Manifest.TrainingData.Dialogues);
        Assert.Equal("calls.jsonl", a.Manifest.TrainingData.Source);
    }

    [Fact]
    public void The_model_file_stores_the_model_options_and_nothing_about_training_or_the_run()
    {
        using var tmp = new TempDir();
        var path = TinyModelFile(tmp);
        JsonObject manifest;
        using (var zip = ZipFile.OpenRead(path))
        using (var s = zip.GetEntry(ModelFile.ManifestEntry)!.Open())
            manifest = JsonNode.Parse(s)!.AsObject();
        Assert.Equal(4, (int)manifest["format_version"]!);
        Assert.False(manifest.ContainsKey("config")); // versions 1-3 stored the whole run configuration here
        Assert.False(manifest.ContainsKey("text_cnn")); // the end-to-end encoder's settings only
        var model = manifest["model"]!.AsObject();
        // the settings TinyModelFile gave, with config.json's keys
        Assert.Equal((8, 2, 2, 1, "t"), ((int)model["hidden"]!, (int)model["heads"]!, (int)model["experts"]!, (int)model["topK"]!, (string)model["modalities"]!));
        foreach (var training in new[] { "epochs", "batchSize", "lr", "weightDecay", "seed", "patience", "moeLossWeight", "data", "glove", "textEncoder", "threads", "device", "out" })
            Assert.False(model.ContainsKey(training), training);
        // and it predicts as the run's own model did (the other tests); reopened, the options are the run's
        var contents = ModelFile.Read(path);
        Assert.Equal(new SureConfig { Modalities = "t", Hidden = 8, Heads = 2, Experts = 2, TopK = 1 }.ModelOptions, contents.Model);
        contents.DisposeFrontEnds();
    }

    public static TheoryData<string, string> Damages => new()
    {
        { "truncated", "truncated or corrupt" },
        { "not-a-zip", "truncated or corrupt" },
        { "flipped-weight-byte", "weights.safetensors" },
        { "future-version", "newer than this build" },
        { "missing-weights", "weights.safetensors" },
        { "wrong-shape", "shape" },
        { "no-manifest", "not a Sure model file" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void DamagedModelFilesAreRefusedWithOneLineNamingTheFile(string damage, string expected)
    {
        using var tmp = new TempDir();
        var good = TinyModelFile(tmp);
        var bad = tmp.File(damage + ".sure");
        File.Copy(good, bad);
        switch (damage)
        {
            case "truncated":
                var bytes = File.ReadAllBytes(good);
                File.WriteAllBytes(bad, bytes[..(bytes.Length / 2)]);
                break;
            case "not-a-zip":
                File.WriteAllText(bad, "hello");
                break;
            case "flipped-weight-byte":
                RewriteEntry(bad, ModelFile.WeightsEntry, b => { b[b.Length - 3] ^= 0x40; return b; });
                break;
            case "future-version":
                RewriteManifest(bad, m => m["format_version"] = 99);
                break;
            case "missing-weights":
                using (var zip = ZipFile.Open(bad, ZipArchiveMode.Update)) zip.GetEntry(ModelFile.WeightsEntry)!.Delete();
                break;
            case "wrong-shape":
                RewriteManifest(bad, m => m["model"]!["hidden"] = 12);
                break;
            case "no-manifest":
                using (var zip = ZipFile.Open(bad, ZipArchiveMode.Update)) zip.GetEntry(ModelFile.ManifestEntry)!.Delete();
                break;
        }
        var e = Assert.ThrowsAny<SureUserException>(() => SurePredictor.Open(bad));
        Assert.Contains(bad, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static void RewriteEntry(string path, string name, Func<byte[], byte[]> change)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry(name)!;
        byte[] bytes;
        using (var s = entry.Open()) { var ms = new MemoryStream(); s.CopyTo(ms); bytes = ms.ToArray(); }
        entry.Delete();
        using var w = zip.CreateEntry(name).Open();
        w.Write(change(bytes));
    }

    private static void RewriteManifest(string path, Action<JsonObject> change) =>
        RewriteEntry(path, ModelFile.ManifestEntry, b =>
        {
            var m = JsonNode.Parse(b)!.AsObject();
            change(m);
            return System.Text.Encoding.UTF8.GetBytes(m.ToJsonString());
        });

    [Fact]
    public void ATurnWithoutTheVectorsAGivenVectorModelNeedsIsNamed()
    {
        using var tmp = new TempDir();
        using var predictor = SurePredictor.Open(TinyModelFile(tmp));
        var e = Assert.Throws<SureDataException>(() => predictor.Predict(new Conversation("call-9", [new Turn("a", "hi", null, new Dictionary<string, float[]> { ["text"] = [1, 2, 3, 4] }), new Turn("b", "hello")])));
        Assert.Contains("dialogue call-9, utterance 1", e.Message);
        Assert.Contains("text alone is not enough", e.Message);
        var wrong = Assert.Throws<SureDataException>(() => predictor.Predict(new Conversation("call-9", [new Turn("a", "hi", null, new Dictionary<string, float[]> { ["text"] = [1, 2] })])));
        Assert.Contains("2 values, the model expects 4", wrong.Message);
        var label = Assert.Throws<SureDataException>(() => predictor.Predict(new Conversation("call-9", [new Turn("a", "hi", "angry", new Dictionary<string, float[]> { ["text"] = [1, 2, 3, 4] })])));
        Assert.Contains("'angry' is not one of the model's classes (calm, upset)", label.Message);
    }

    [Fact]
    public void ManyThreadsPredictingAtOnceGetTheSameAnswersAsOneThread()
    {
        using var tmp = new TempDir();
        using var predictor = SurePredictor.Open(TinyModelFile(tmp));
        var rng = new Random(2);
        var conversations = Enumerable.Range(0, 24).Select(c => new Conversation($"c{c}", Enumerable.Range(0, 1 + c % 7).Select(i =>
            new Turn(i % 2 == 0 ? "a" : "b", null, null, new Dictionary<string, float[]> { ["text"] = Enumerable.Range(0, 4).Select(_ => (float)rng.NextDouble()).ToArray() })).ToList())).ToList();
        var serial = conversations.Select(c => predictor.Predict(c).Select(t => t.Probabilities.Values.ToArray()).ToList()).ToList();
        var parallel = new List<float[]>[conversations.Count];
        Parallel.For(0, conversations.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = predictor.Predict(conversations[i]).Select(t => t.Probabilities.Values.ToArray()).ToList());
        // Equal up to float rounding, not bit for bit: libtorch's OpenMP thread count is a per-thread setting, so a
        // worker thread may split a sum differently from the test's thread (last-bit differences were seen). Answers
        // mixed up between conversations would differ by far more.
        for (int i = 0; i < conversations.Count; i++)
            for (int t = 0; t < serial[i].Count; t++)
                for (int k = 0; k < serial[i][t].Length; k++) Assert.Equal(serial[i][t][k], parallel[i][t][k], 1e-6f);
    }
}
