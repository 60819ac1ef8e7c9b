using Sure.Data;
using Sure.Text;
using TorchSharp;
using Sure.Configuration;
using static TorchSharp.torch;

namespace Sure.Tests.Text;

public class TextCnnTests
{
    private static (TextCnn Model, Vocabulary Vocab) Build(TextCnnOptions? options = null)
    {
        var vectors = TextFixtures.Vectors();
        var ds = TextFixtures.Corpus(4, 0, 0);
        var o = options ?? TextFixtures.SmallOptions();
        var vocab = Vocabulary.Build(ds, vectors, o.MaxTokens);
        var model = new TextCnn(vocab.EmbeddingMatrix(vectors, o.UnknownScale, o.Seed), vocab.Count, vectors.Dim, 2, o);
        model.eval();
        return (model, vocab);
    }

    private static Tensor Ids(params int[][] rows)
    {
        int len = Math.Max(1, rows.Max(r => r.Length));
        var data = new long[rows.Length * len];
        for (int i = 0; i < rows.Length; i++)
            for (int k = 0; k < rows[i].Length; k++) data[i * len + k] = rows[i][k];
        return tensor(data, [rows.Length, len], ScalarType.Int64);
    }

    [Fact]
    public void ParameterNamesFollowPyTorch()
    {
        var (model, _) = Build();
        using var _m = model;
        var names = model.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(["embedding.weight", "convs.0.weight", "convs.0.bias", "convs.1.weight", "convs.1.bias", "convs.2.weight", "convs.2.bias", "fc.weight", "fc.bias", "head.weight", "head.bias"], names);
        Assert.False(model.named_parameters().First().parameter.requires_grad); // frozen GloVe
    }

    // GloVe's 100 dimensions are not a multiple of oneDNN's channel block (8 or 16): on some hosts libtorch's own
    // convolution gave wrong values and NaN for such inputs (ConvMaxPool.Convolve). Checked against float64 arithmetic.
    [Theory]
    [InlineData(100, 14)]
    [InlineData(20, 8)]
    [InlineData(16, 30)]
    public void ConvolutionMatchesFloat64Reference(int dim, int length)
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(7);
        int[] widths = [3, 4, 5];
        using var convs = new TorchSharp.Modules.ModuleList<TorchSharp.Modules.Conv1d>(widths.Select(k => nn.Conv1d(dim, 24, k)).ToArray());
        var embedded = randn([6, length, dim], generator: gen);
        var lengths = full([6], length, ScalarType.Int64);
        var pooled = ConvMaxPool.Apply(embedded, convs, widths, lengths);
        var x64 = embedded.to_type(ScalarType.Float64).transpose(1, 2).contiguous();
        var expected = cat(convs.Select(c => nn.functional.relu(nn.functional.conv1d(x64, c.weight.detach().to_type(ScalarType.Float64), c.bias!.detach().to_type(ScalarType.Float64))).amax(2)).ToArray(), 1);
        Assert.False(pooled.isnan().any().item<bool>());
        Assert.True((pooled.to_type(ScalarType.Float64) - expected).abs().max().item<double>() < 1e-4);
    }

    [Fact]
    public void HandlesEmptyShortLongAndUnknownUtterances()
    {
        var (model, vocab) = Build();
        using var _m = model;
        using var scope = NewDisposeScope();
        var normal = vocab.Encode("i love it , great");
        var unknown = vocab.Encode("zzxq qqqz wubba");
        Assert.All(unknown, id => Assert.Equal(Vocabulary.UnknownId, id));
        var shortOne = vocab.Encode("sad"); // shorter than the widest filter (5)
        var longText = string.Join(' ', Enumerable.Repeat("the great", 150)); // 300 tokens
        var longOne = vocab.Encode(longText);
        Assert.Equal(100, longOne.Length); // truncated at MaxTokens

        var f = model.call(Ids(normal, Array.Empty<int>(), shortOne, unknown, longOne));
        Assert.Equal(new long[] { 5, 8 }, f.shape);
        Assert.False(f.isnan().any().item<bool>());
        Assert.True(f.isfinite().all().item<bool>());

        // an empty utterance gives a defined vector, the same alone as in a batch
        var empty = model.call(Ids(Array.Empty<int>()));
        Assert.Equal(f[1].data<float>().ToArray(), empty[0].data<float>().ToArray(), new FloatEq(1e-5f));
        // padding a batch further does not change a short utterance's feature
        var alone = model.call(Ids(shortOne));
        var padded = model.call(Ids(shortOne, longOne));
        Assert.Equal(alone[0].data<float>().ToArray(), padded[0].data<float>().ToArray(), new FloatEq(1e-5f));
        // an over-long input tensor is truncated, not rejected
        var raw = model.call(tensor(Enumerable.Repeat((long)2, 300).ToArray(), [1, 300], ScalarType.Int64));
        Assert.Equal(new long[] { 1, 8 }, raw.shape);
    }

    [Fact]
    public void GloveUtteranceEncoderMapsBatchOfDialogues()
    {
        var vectors = TextFixtures.Vectors();
        var ds = TextFixtures.Corpus(3, 0, 0);
        var o = TextFixtures.SmallOptions() with { FreezeEmbeddings = false };
        var vocab = Vocabulary.Build(ds, vectors, maxTokens: 6);
        var encoded = vocab.Encode(ds);
        Assert.Equal(3, encoded.Length);
        Assert.All(encoded.SelectMany(d => d), u => Assert.InRange(u.Length, 1, 6));

        encoded[1] = encoded[1].Take(2).Append([]).ToArray(); // a shorter dialogue with an empty utterance
        using var scope = NewDisposeScope();
        var tokens = TokenBatch.Build(encoded, [0, 1]);
        int longest = encoded[0].Concat(encoded[1]).Max(u => u.Length);
        Assert.Equal(new long[] { 2, 4, longest }, tokens.shape);
        Assert.Equal(0L, tokens[1, 3].sum().item<long>()); // padding utterance

        using var encoder = GloveUtteranceEncoder.Create(vocab, vectors, o);
        var y = encoder.call(tokens);
        Assert.Equal(new long[] { 2, 4, 8 }, y.shape);
        Assert.True(y.isfinite().all().item<bool>());
        Assert.True(encoder.named_parameters().First().parameter.requires_grad); // fine-tuned embedding
        y.sum().backward();
        Assert.NotNull(encoder.named_parameters().First().parameter.grad);

        // starts from a pre-trained TextCNN of the same shape
        using var cnn = new TextCnn(vocab.EmbeddingMatrix(vectors, o.UnknownScale, 7), vocab.Count, vectors.Dim, 2, o with { Seed = 7 });
        encoder.InitializeFrom(cnn);
        encoder.eval(); cnn.eval();
        var a = encoder.call(tokens)[0];
        var b = cnn.call(tokens[0]);
        Assert.Equal(b.data<float>().ToArray(), a.data<float>().ToArray(), new FloatEq(1e-5f));
    }

    [Fact]
    public void VocabularyRoundTripsAndUsesFallbacks()
    {
        var v = new WordVectors(2);
        v.Add("not", [1, 0]);
        v.Add("do", [0, 1]);
        var ds = new ConversationDataset { Name = "x", ClassNames = ["a"] };
        ds.Dialogues.Add(new Dialogue { Id = "1", Utterances = { new Utterance { Speaker = "A", Text = "I don't" } } });
        var vocab = Vocabulary.Build(ds, v);
        Assert.Equal(["<pad>", "<unk>", "do", "n't"], vocab.Tokens);
        Assert.Equal("not", vocab.VectorWord(3));
        Assert.Equal(new[] { Vocabulary.UnknownId, 2, 3 }, vocab.Encode("I don't"));
        var m = vocab.EmbeddingMatrix(v, 0, 1);
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 1, 1, 0 }, m);

        var path = Path.Combine(Path.GetTempPath(), $"sure-vocab-{Guid.NewGuid():N}.txt");
        try
        {
            vocab.Save(path);
            var back = Vocabulary.Load(path);
            Assert.Equal(vocab.Tokens, back.Tokens);
            Assert.Equal("not", back.VectorWord(3));
            Assert.Equal(vocab.MaxTokens, back.MaxTokens);
        }
        finally { File.Delete(path); }
    }

    private sealed class FloatEq(float tol) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tol;
        public int GetHashCode(float obj) => 0;
    }
}
