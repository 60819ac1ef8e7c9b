using Sure.Data;
using Sure.Errors;
using Sure.IO;
using Sure.Text.Bert;
using Xunit.Abstractions;

namespace Sure.Tests.Text.Bert;

/// <summary>
/// The fine-tuned encoder at prediction: ONNX Runtime over the packaged graph with the fine-tuned weights in place of its
/// initializers, against the TorchSharp <see cref="BertModel"/> (the module that fine-tuning trains) with the same weights.
/// The weights are the package's, every value moved by a deterministic pseudo-random amount, so that an override ONNX
/// Runtime ignored would show as a large difference.
/// </summary>
[Collection(PretrainedEncoderCollection.Name)]
public class FineTunedOnnxTests(PretrainedEncoderFixture models, ITestOutputHelper output)
{
    /// <summary>The package's weights, each value w turned into w·(1 + 0.05·u) + 0.01·v with u, v uniform in [−1, 1) from
    /// a fixed generator: a different model, of the same architecture.</summary>
    private static List<TensorData> Perturbed(PretrainedEncoderFixture.Loaded m, int seed = 26)
    {
        var rng = new Random(seed);
        return m.Weights.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
        {
            var data = kv.Value.Data.Select(w => (float)(w * (1 + 0.05 * (2 * rng.NextDouble() - 1)) + 0.01 * (2 * rng.NextDouble() - 1))).ToArray();
            return new TensorData(kv.Key, kv.Value.Shape, data);
        }).ToList();
    }

    private static double MaxDiff(float[]?[] a, float[]?[] b) => a.Zip(b).Max(p => p.First!.Zip(p.Second!).Max(q => (double)Math.Abs(q.First - q.Second)));

    [Theory]
    [InlineData("minilm", 0)]
    [InlineData("minilm", 2)]
    [InlineData("arctic-xs", 0)]
    public void OnnxRuntimeWithTheFineTunedWeightsEqualsTorchSharp(string key, int context)
    {
        var m = models[key];
        var bert = new FineTunedBert(m.Model, 48, Perturbed(m), context);
        using var torch = bert.CreateTorchEncoder("test");
        using var onnx = bert.CreateOnnxEncoder("test", threads: 1, onnx: m.Onnx);
        var turns = BertParityTests.Texts.Select((t, i) => (Speaker: i % 2 == 0 ? "A" : "B", Text: (string?)t)).ToList();
        var tokens = bert.Tokens(torch.Tokenizer, turns); // in context when context > 0: [CLS] utterance [SEP] before [SEP] after [SEP]

        var expected = torch.Encode(tokens).Vectors;
        var got = onnx.Encode(tokens).Vectors;
        double max = MaxDiff(expected, got);
        var frozen = m.Ort.Encode(tokens).Vectors; // the package's own weights
        double moved = MaxDiff(frozen, got);
        output.WriteLine($"{key}, context {context}: max |ONNX Runtime − TorchSharp| = {max:E2}; the perturbed weights moved the vectors by up to {moved:F3}");
        Assert.True(max < 1e-4, $"the ONNX Runtime vectors differ from TorchSharp's by {max}");
        Assert.True(moved > 1e-2, $"the fine-tuned vectors are within {moved} of the package's: the replaced weights were not used");
        foreach (var v in got) Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 5);

        // the front end (as read from a model file) runs the same ONNX path on utterances
        using var frontEnd = new FineTunedTextFrontEnd(bert, "test", threads: 1);
        var utterances = turns.Select(t => new Utterance { Speaker = t.Speaker, Text = t.Text }).ToList();
        var viaFrontEnd = frontEnd.Encode(utterances, "d1");
        Assert.True(MaxDiff(expected, viaFrontEnd) < 1e-4);
    }

    /// <summary>A fold average's front end (<c>encoder.foldAverage</c>): each utterance's vector is the mean of its encoders'
    /// vectors scaled to unit norm, computed here from each encoder's own front end; written under "fold-k/" prefixes and read
    /// back through the kind (as a model file is), it gives the same vectors.</summary>
    [Fact]
    public void AFoldAverageFrontEndGivesTheUnitMeanOfItsEncodersVectorsAndReadsBackFromAZip()
    {
        var m = models["minilm"];
        FineTunedBert[] encoders = [new(m.Model, 32, Perturbed(m, 26)), new(m.Model, 32, Perturbed(m, 27)), new(m.Model, 32, Perturbed(m, 28))];
        var utterances = BertParityTests.Texts.Select((t, i) => new Utterance { Speaker = i % 2 == 0 ? "A" : "B", Text = t }).ToList();
        var each = encoders.Select(e =>
        {
            using var one = new FineTunedTextFrontEnd(e, "test", threads: 1);
            return one.Encode(utterances, "d1");
        }).ToArray();
        var expected = Enumerable.Range(0, utterances.Count).Select(i =>
        {
            var sum = new double[m.Model.Dim];
            foreach (var v in each) for (int j = 0; j < sum.Length; j++) sum[j] += v[i]![j];
            double norm = Math.Sqrt(sum.Sum(x => x * x));
            return sum.Select(x => (float)(x / norm)).ToArray();
        }).ToArray();

        using var tmp = new Sure.Tests.Data.TempDir();
        var path = tmp.File("front-end.zip");
        System.Text.Json.Nodes.JsonObject description;
        using (var averaged = new FineTunedTextFrontEnd(encoders, "test", threads: 1))
        {
            var got = averaged.Encode(utterances, "d1");
            Assert.Equal(expected.Length, got.Length);
            for (int i = 0; i < got.Length; i++) Assert.Equal(expected[i], got[i]!); // the same arithmetic on the same vectors: exact
            Assert.True(MaxDiff(each[0], got) > 1e-2, "the mean is the first encoder's vectors: the others were not used");
            description = averaged.Describe();
            Assert.Equal(3, (int)description["fold_average"]!);
            using var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create);
            averaged.WriteTo(zip, "text/");
        }
        using (var zip = System.IO.Compression.ZipFile.OpenRead(path))
        {
            Assert.NotNull(zip.GetEntry("text/fold-3/bert.safetensors"));
            using var read = new FineTunedTextFrontEndKind(m.Model).Read(zip, "text/", description, path, new Sure.FrontEnds.FrontEndRuntime(Threads: 1));
            var again = read.Encode(utterances, "d1");
            for (int i = 0; i < again.Length; i++) Assert.Equal(expected[i], again[i]!);
        }
        // a manifest that names a fold count the zip does not hold is refused by name
        description["fold_average"] = 4;
        using (var zip = System.IO.Compression.ZipFile.OpenRead(path))
        {
            var e = Assert.Throws<SureDataException>(() => new FineTunedTextFrontEndKind(m.Model).Read(zip, "text/", description, path, new Sure.FrontEnds.FrontEndRuntime(Threads: 1)));
            Assert.Contains("fold-4/bert.json", e.Message);
        }
    }

    /// <summary>A causal SURE over the past-only EmoBERTa encoder streams: each live turn is encoded with the earlier
    /// turns the stream keeps, and equals <see cref="Sure.Inference.SurePredictor.Predict"/> on the whole conversation.
    /// The 24-token budget holds only the last few turns, so a stream that kept too few (or read later turns) would differ.</summary>
    [Fact]
    public void APastOnlyEncoderStreamsEachTurnAsTheWholeConversationReadsIt()
    {
        var m = models["minilm"];
        var bert = new FineTunedBert(m.Model, 24, Perturbed(m), 0, null, BertFineTuneOptions.EmoBertaInput, pastOnly: true);
        var config = new Sure.Configuration.SureConfig
        {
            Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2, Context = Sure.Configuration.ContextMode.Causal, MaxSpeakers = 3,
        }.Validate();
        int[] dims = [m.Model.Dim, 0, 0];
        string[] classes = ["calm", "upset"];
        using var tmp = new Sure.Tests.Data.TempDir();
        var path = tmp.File("past-only.sure");
        TorchSharp.torch.random.manual_seed(3);
        using (var frontEnd = new FineTunedTextFrontEnd(bert, "test", threads: 1))
        {
            Assert.True(frontEnd.Streamable);
            Assert.Equal(24, frontEnd.PastTurns); // "speaker: text" is at least two word pieces, so no farther turn fits 24
            using var model = Sure.Model.DialogueModels.Build(config.ModelOptions, dims, classes.Length);
            Sure.Inference.ModelFile.Write(path, Sure.Inference.ModelFile.OfModel(config, dims, classes, model, text: frontEnd));
        }
        using var predictor = Sure.Inference.SurePredictor.Open(path, new Sure.Inference.PredictorOptions(FrontEnds: TestFrontEnds.Catalog));
        Assert.True(predictor.CanStream);
        var rng = new Random(5);
        var call = new Sure.Inference.Conversation("live", Enumerable.Range(0, 30).Select(i =>
            new Sure.Inference.Turn(i % 2 == 0 ? "agent" : "caller", BertParityTests.Texts[rng.Next(BertParityTests.Texts.Length)])).ToList());
        var whole = predictor.Predict(call);
        using var live = predictor.OpenStream(call.Id);
        foreach (var t in call.Turns) Sure.Tests.Inference.CausalStreamTests.AssertSame(whole[live.Count], live.Append(t));
    }

    [Fact]
    public void WeightsThatDoNotFitTheGraphAreRefusedByName()
    {
        var m = models["minilm"];
        var weights = m.Weights.Select(kv => new TensorData(kv.Key, kv.Value.Shape, kv.Value.Data)).ToList();

        var missing = new FineTunedBert(m.Model, 32, [.. weights.Where(w => w.Name != "encoder.layer.3.output.dense.weight")]);
        var e = Assert.Throws<SureDataException>(() => missing.CreateOnnxEncoder("model.sure!text/bert.safetensors", onnx: m.Onnx));
        Assert.Contains("'encoder.layer.3.output.dense.weight' is missing", e.Message);
        Assert.Contains("model.sure!text/bert.safetensors", e.Message);

        var extra = new FineTunedBert(m.Model, 32, [.. weights, new TensorData("encoder.layer.6.output.dense.bias", [384], new float[384])]);
        e = Assert.Throws<SureDataException>(() => extra.CreateOnnxEncoder("test", onnx: m.Onnx));
        Assert.Contains("'encoder.layer.6.output.dense.bias' is not a weight of the packaged graph", e.Message);

        var q = weights.Single(w => w.Name == "encoder.layer.0.attention.self.query.weight"); // [out 384, in 384]: square, so cut it
        var reshaped = new FineTunedBert(m.Model, 32, [.. weights.Select(w => w == q ? new TensorData(q.Name, [384, 383], q.Data[..(384 * 383)]) : w)]);
        e = Assert.Throws<SureDataException>(() => reshaped.CreateOnnxEncoder("test", onnx: m.Onnx));
        Assert.Contains("'encoder.layer.0.attention.self.query.weight' has shape [384, 383], the packaged graph's needs [384, 384]", e.Message);
    }
}
