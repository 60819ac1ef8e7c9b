using Sure.Configuration;
using Sure.Data;
using Sure.Model;
using Sure.Text;
using static TorchSharp.torch;

namespace Sure.Tests.Model;

/// <summary>Turn-by-turn labelling from cached state (<see cref="DialogueStream"/>) equals the full causal forward pass.</summary>
public class StreamingTests
{
    private const float Tolerance = 1e-5f;

    /// <summary>A conversation of <paramref name="length"/> turns among <paramref name="speakers"/> speakers (random
    /// order, so first appearances vary), random features, and random words as text.</summary>
    internal static Dialogue Conversation(int length, int speakers, int seed)
    {
        var rng = new Random(seed);
        var d = new Dialogue { Id = $"c{seed}" };
        for (int i = 0; i < length; i++)
        {
            var u = new Utterance
            {
                Speaker = "P" + rng.Next(speakers), Label = rng.Next(ModelTestData.Classes),
                Text = string.Join(' ', Enumerable.Range(0, rng.Next(0, 9)).Select(_ => Words[rng.Next(Words.Length)])),
            };
            foreach (var m in Modalities.All)
                u[m] = Enumerable.Range(0, ModelTestData.Dims[(int)m]).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            d.Utterances.Add(u);
        }
        return d;
    }

    private static readonly string[] Words = ["yes", "no", "card", "charged", "twice", "sorry", "help", "thanks", "why", "again"];

    /// <summary>Streams <paramref name="dialogue"/> and checks every turn's outputs against row k of one forward pass over the whole dialogue.</summary>
    private static void AssertStreamEqualsForward(DialogueModel model, Dialogue dialogue, ModelInputs inputs)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var batch = inputs.Collate([dialogue]);
        var full = model.forward(batch);
        var fullProbs = full.Logits.softmax(-1);
        using var stream = model.BeginStream();
        for (int k = 0; k < dialogue.Count; k++)
        {
            using var turn = NewDisposeScope();
            var step = stream.Append(dialogue.Utterances[k], inputs, dialogue.Id);
            Assert.Equal(k + 1, stream.Count);
            Assert.Equal([1, 1, ModelTestData.Classes], step.Logits.shape);
            AssertClose(full.Logits[0, k], step.Logits[0, 0], $"logits of turn {k}");
            AssertClose(fullProbs[0, k], step.Logits[0, 0].softmax(-1), $"probabilities of turn {k}");
            Assert.Equal(full.RoutingWeights.Keys.Order(), step.RoutingWeights.Keys.Order());
            foreach (var (m, w) in full.RoutingWeights) AssertClose(w[0, k], step.RoutingWeights[m][0, 0], $"{m} routing of turn {k}");
            foreach (var (m, u) in full.ExpertUncertainty) AssertClose(u[0, k], step.ExpertUncertainty[m][0, 0], $"{m} uncertainty of turn {k}");
            Assert.Equal(full.ReasoningAttention.Keys.Order(), step.ReasoningAttention.Keys.Order());
            foreach (var (m, a) in full.ReasoningAttention)
            {
                Assert.Equal([1, a.shape[1], 1, k + 1], step.ReasoningAttention[m].shape);
                AssertClose(a[0, .., k, ..(k + 1)], step.ReasoningAttention[m][0, .., 0], $"{m} reasoning attention of turn {k}");
            }
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        float diff = ModelTestData.MaxAbsDiff(expected, actual);
        Assert.True(diff < Tolerance, $"{what}: max |difference| {diff}");
    }

    private static ModelInputs Inputs(SureConfig config) => ModelInputs.For(config.ModelOptions, ModelTestData.Dims, CPU);

    public static IEnumerable<object[]> Switches() =>
    [
        // modalities, moe, reasoning, routing, classifier, residual, memory skip, scaled reasoning, layers, speakers
        ["tav", true, true, RoutingMode.Uncertainty, ClassifierMode.Concat, false, false, false, 1, 2],
        ["tav", true, true, RoutingMode.Softmax, ClassifierMode.SumHeads, true, true, true, 2, 4],
        ["ta", false, true, RoutingMode.Uncertainty, ClassifierMode.Concat, true, false, true, 2, 3],
        ["av", true, false, RoutingMode.Uncertainty, ClassifierMode.SumHeads, true, false, false, 1, 4],
        ["t", false, false, RoutingMode.Softmax, ClassifierMode.Concat, false, false, false, 3, 2],
        ["v", true, true, RoutingMode.Uncertainty, ClassifierMode.Concat, false, true, false, 1, 3],
    ];

    [Theory]
    [MemberData(nameof(Switches))]
    public void EveryTurnOfALongConversationEqualsTheFullCausalPass(string modalities, bool moe, bool reasoning, RoutingMode routing,
        ClassifierMode classifier, bool residual, bool memorySkip, bool scaled, int layers, int speakers)
    {
        var config = ModelTestData.Config(modalities, moe, reasoning, routing, ContextMode.Causal, classifier) with
        {
            Residual = residual, MemorySkip = memorySkip, ScaledReasoning = scaled, Layers = layers,
            InputNorm = InputNormalizationMode.Standardize,
        };
        using var model = ModelTestData.Model(config, seed: layers + speakers);
        var dialogue = Conversation(60, speakers, seed: 100 + speakers);
        model.FitInputNormalization([Conversation(20, 2, seed: 7)]);
        Assert.True(model.CanStream);
        AssertStreamEqualsForward(model, dialogue, Inputs(config));
    }

    [Fact]
    public void TheEndToEndTextEncoderStreamsToo()
    {
        var config = ModelTestData.Config("ta", context: ContextMode.Causal) with { TextCnn = new TextCnnOptions { Filters = 4, FeatureSize = 6, Widths = [2, 3] } };
        var vocabulary = new Vocabulary();
        foreach (var w in Words) vocabulary.Add(w);
        var rng = new Random(3);
        // random word vectors; the padding row zero, as Vocabulary.EmbeddingMatrix makes it
        var embeddings = Enumerable.Range(0, vocabulary.Count * 5).Select(i => i < 5 ? 0f : (float)rng.NextDouble() - 0.5f).ToArray();
        var spec = new TextEncoderSpec(vocabulary, embeddings, 5, config.TextCnn);
        random.manual_seed(4);
        var dims = ModelInputs.WithText(ModelTestData.Dims, spec.Options.FeatureSize);
        using var model = new SureModel(config.ModelOptions, dims, ModelTestData.Classes, spec.Build());
        AssertStreamEqualsForward(model, Conversation(40, 3, seed: 11), ModelInputs.For(config.ModelOptions, ModelTestData.Dims, CPU, spec));
    }

    [Theory]
    [InlineData("bigru")]
    [InlineData("linear")]
    [InlineData("mlp")]
    public void TheBaselinesStreamWithTheirOwnState(string kind)
    {
        var config = ModelTestData.Config("tav", context: ContextMode.Causal) with { Model = kind };
        random.manual_seed(5);
        using var model = DialogueModels.Build(config.ModelOptions, ModelTestData.Dims, ModelTestData.Classes);
        Assert.True(model.CanStream);
        AssertStreamEqualsForward(model, Conversation(50, 3, seed: 12), Inputs(config));
    }

    [Theory]
    [InlineData("sure")]
    [InlineData("bigru")]
    public void ABidirectionalModelSaysItCannotStream(string kind)
    {
        var config = ModelTestData.Config("ta") with { Model = kind };
        using var model = DialogueModels.Build(config.ModelOptions, ModelTestData.Dims, ModelTestData.Classes);
        Assert.False(model.CanStream);
        var e = Assert.Throws<NotSupportedException>(() => model.BeginStream());
        Assert.Contains("bidirectional", e.Message);
    }

    [Fact]
    public void AStreamRefusesTrainingModeAndUseAfterDispose()
    {
        var config = ModelTestData.Config("t", context: ContextMode.Causal);
        using var model = ModelTestData.Model(config);
        var inputs = Inputs(config);
        var u = Conversation(1, 1, seed: 1).Utterances[0];
        var stream = model.BeginStream();
        model.train();
        Assert.Throws<InvalidOperationException>(() => stream.Append(u, inputs));
        Assert.Equal(0, stream.Count);
        model.eval();
        using (NewDisposeScope()) stream.Append(u, inputs);
        Assert.Equal(1, stream.Count);
        stream.Dispose();
        Assert.Throws<ObjectDisposedException>(() => stream.Append(u, inputs));
    }

    [Fact]
    public void AStreamLeavesNoTensorBehindOnceDisposed()
    {
        var config = ModelTestData.Config("tav", context: ContextMode.Causal) with { Residual = true, Layers = 2 };
        using var model = ModelTestData.Model(config);
        model.eval();
        var inputs = Inputs(config);
        var dialogue = Conversation(40, 3, seed: 13);   // more turns than a cache's first capacity: it grows
        using (var warm = model.BeginStream())
        using (NewDisposeScope())
            warm.Append(dialogue.Utterances[0], inputs);
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var stream = model.BeginStream())
            foreach (var u in dialogue.Utterances)
                using (NewDisposeScope()) stream.Append(u, inputs);
        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void SpeakersAreIndexedByFirstAppearanceModuloTheTable()
    {
        var config = ModelTestData.Config("t", context: ContextMode.Causal);   // MaxSpeakers 3
        using var model = ModelTestData.Model(config);
        model.eval();
        var inputs = Inputs(config);
        using var stream = model.BeginStream();
        var expected = new Dictionary<string, long> { ["b"] = 0, ["a"] = 1, ["d"] = 2, ["c"] = 0 };
        foreach (var s in new[] { "b", "a", "b", "d", "c", "a", "c" })
        {
            Assert.Equal(expected[s], stream.SpeakerIndex(s));
            using (NewDisposeScope()) stream.Append(new Utterance { Speaker = s, [Modality.Text] = new float[12] }, inputs);
        }
        Assert.Equal(1, stream.SpeakerIndex("z"));   // a fifth speaker: 4 % 3
    }
}
