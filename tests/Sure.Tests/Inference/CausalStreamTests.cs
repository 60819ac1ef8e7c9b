using Sure.Configuration;
using Sure.Data;
using Sure.Errors;
using Sure.Inference;
using Sure.Model;
using Sure.IO;
using Sure.Tests.Data;
using Sure.Text;
using static TorchSharp.torch;

namespace Sure.Tests.Inference;

/// <summary>SurePredictor.OpenStream: a live conversation labelled turn by turn equals Predict on the whole conversation.</summary>
public class CausalStreamTests
{
    private static readonly string[] Classes = ["calm", "upset", "glad"];
    private static readonly int[] Dims = [6, 5, 0];

    /// <summary>A model file of a tiny model with random weights (text and audio vectors given with each turn).</summary>
    internal static string TinyModelFile(TempDir tmp, string kind, ContextMode context)
    {
        var config = new SureConfig
        {
            Model = kind, Modalities = "ta", Hidden = 16, Heads = 2, Layers = 2, Experts = 3, TopK = 2, Context = context, MaxSpeakers = 3,
        }.Validate();
        random.manual_seed(9);
        using var model = DialogueModels.Build(config.ModelOptions, Dims, Classes.Length);
        var path = tmp.File($"{kind}-{context}.sure");
        ModelFile.Write(path, ModelFile.OfModel(config, Dims, Classes, model));
        return path;
    }

    internal static Conversation Call(string id, int turns, int speakers, int seed)
    {
        var rng = new Random(seed);
        float[] Vector(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        return new Conversation(id, Enumerable.Range(0, turns).Select(i => new Turn(
            "speaker " + rng.Next(speakers), $"turn {i}", rng.Next(3) == 0 ? Classes[rng.Next(Classes.Length)] : null,
            new Dictionary<string, float[]> { ["text"] = Vector(Dims[0]), ["a"] = Vector(Dims[1]) })).ToList());
    }

    internal static void AssertSame(TurnPrediction expected, TurnPrediction got)
    {
        Assert.Equal((expected.ConversationId, expected.Index, expected.Speaker, expected.Text, expected.Gold),
            (got.ConversationId, got.Index, got.Speaker, got.Text, got.Gold));
        Assert.Equal(expected.Label, got.Label);
        foreach (var (c, p) in expected.Probabilities) Assert.True(Math.Abs(p - got.Probabilities[c]) < 1e-5, $"turn {got.Index}: P({c}) {p} vs {got.Probabilities[c]}");
        Assert.True(Math.Abs(expected.Entropy - got.Entropy) < 1e-5);
        Assert.Equal(expected.Routing.Keys, got.Routing.Keys);
        foreach (var (m, w) in expected.Routing)
            for (int e = 0; e < w.Length; e++) Assert.True(Math.Abs(w[e] - got.Routing[m][e]) < 1e-5, $"turn {got.Index}: {m} routing");
        foreach (var (m, u) in expected.ExpertUncertainty)
            for (int e = 0; e < u.Length; e++) Assert.True(Math.Abs(u[e] - got.ExpertUncertainty[m][e]) < 1e-5 * Math.Max(1, Math.Abs(u[e])), $"turn {got.Index}: {m} uncertainty");
    }

    [Theory]
    [InlineData("sure")]
    [InlineData("bigru")]
    [InlineData("mlp")]
    public void EveryStreamedTurnEqualsPredictOnTheWholeConversation(string kind)
    {
        using var tmp = new TempDir();
        using var predictor = SurePredictor.Open(TinyModelFile(tmp, kind, ContextMode.Causal));
        Assert.True(predictor.CanStream);
        var call = Call("live-1", 60, 4, seed: 21);
        var whole = predictor.Predict(call);
        using var live = predictor.OpenStream(call.Id);
        for (int i = 0; i < call.Turns.Count; i++)
        {
            AssertSame(whole[i], live.Append(call.Turns[i]));
            Assert.Equal(i + 1, live.Count);
        }
    }

    [Theory]
    [InlineData("textcnn")]
    [InlineData("end2end")]
    public void RawTextStreamsThroughEitherTextFrontEnd(string frontEnd)
    {
        using var tmp = new TempDir();
        var options = new TextCnnOptions { Filters = 4, FeatureSize = 6, Widths = [2, 3] };
        var config = new SureConfig { Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2, Context = ContextMode.Causal, MaxSpeakers = 3, TextCnn = options }.Validate();
        var vocabulary = new Vocabulary();
        foreach (var w in Words) vocabulary.Add(w);
        var rng = new Random(4);
        const int dim = 5;   // word vectors, the padding row zero (as Vocabulary.EmbeddingMatrix makes it)
        var embeddings = Enumerable.Range(0, vocabulary.Count * dim).Select(i => i < dim ? 0f : (float)rng.NextDouble() - 0.5f).ToArray();
        int[] dims = [options.FeatureSize, 0, 0];
        random.manual_seed(10);
        var path = tmp.File($"{frontEnd}.sure");
        if (frontEnd == "textcnn")
        {
            using var cnn = new TextCnn(embeddings, vocabulary.Count, dim, Classes.Length, options);
            using var model = DialogueModels.Build(config.ModelOptions, dims, Classes.Length);
            using var textCnn = new TextCnnFrontEnd(vocabulary, options, dim, Classes.Length, [TensorData.FromModule(cnn)]);
            ModelFile.Write(path, ModelFile.OfModel(config, dims, Classes, model, text: textCnn));
        }
        else
        {
            using var model = new SureModel(config.ModelOptions, dims, Classes.Length, new TextEncoderSpec(vocabulary, embeddings, dim, options).Build());
            ModelFile.Write(path, ModelFile.OfModel(config, dims, Classes, model, endToEnd: vocabulary, embeddingDim: dim));
        }
        using var predictor = SurePredictor.Open(path);
        Assert.Equal(frontEnd, predictor.TextFrontEnd);
        var call = new Conversation("typed", Enumerable.Range(0, 30).Select(i =>
            new Turn("speaker " + rng.Next(3), string.Join(' ', Enumerable.Range(0, rng.Next(0, 9)).Select(_ => Words[rng.Next(Words.Length)])))).ToList());
        var whole = predictor.Predict(call);
        using var live = predictor.OpenStream(call.Id);
        foreach (var t in call.Turns) AssertSame(whole[live.Count], live.Append(t));
    }

    private static readonly string[] Words = ["yes", "no", "card", "charged", "twice", "sorry", "help", "thanks", "why", "again"];

    [Fact]
    public void ABadTurnIsNamedAndLeavesTheStreamAsItWas()
    {
        using var tmp = new TempDir();
        using var predictor = SurePredictor.Open(TinyModelFile(tmp, "sure", ContextMode.Causal));
        var call = Call("live-2", 4, 2, seed: 22);
        var whole = predictor.Predict(call);
        using var live = predictor.OpenStream(call.Id);
        AssertSame(whole[0], live.Append(call.Turns[0]));
        var e = Assert.Throws<SureDataException>(() => live.Append(new Turn("speaker 0", "no vectors")));
        Assert.Contains("live-2", e.Message);
        Assert.Throws<SureDataException>(() => live.Append(call.Turns[1] with { Label = "bored" }));
        Assert.Equal(1, live.Count);
        for (int i = 1; i < call.Turns.Count; i++) AssertSame(whole[i], live.Append(call.Turns[i]));
    }

    [Fact]
    public void ConversationsStreamedOnManyThreadsAtOnceEachEqualPredict()
    {
        using var tmp = new TempDir();
        using var predictor = SurePredictor.Open(TinyModelFile(tmp, "sure", ContextMode.Causal));
        var calls = Enumerable.Range(0, 6).Select(i => Call($"c{i}", 25, 2 + i % 3, seed: 30 + i)).ToList();
        var expected = calls.Select(predictor.Predict).ToList();
        Parallel.For(0, calls.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, c =>
        {
            using var live = predictor.OpenStream(calls[c].Id);
            foreach (var t in calls[c].Turns) AssertSame(expected[c][live.Count], live.Append(t));
        });
    }

    [Fact]
    public void ABidirectionalModelCannotStreamAndSaysSo()
    {
        using var tmp = new TempDir();
        using var predictor = SurePredictor.Open(TinyModelFile(tmp, "sure", ContextMode.Bidirectional));
        Assert.False(predictor.CanStream);
        Assert.False(predictor.IsCausal);
        var e = Assert.Throws<NotSupportedException>(() => predictor.OpenStream("x"));
        Assert.Contains("bidirectional", e.Message);
    }
}
