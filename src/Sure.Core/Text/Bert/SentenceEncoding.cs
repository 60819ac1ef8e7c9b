namespace Sure.Text.Bert;

/// <summary>Sentence vectors of several texts (in their order) and how many texts were cut to the maximum length.</summary>
public sealed record SentenceEncoding(float[][] Vectors, int Truncated);

/// <summary>Texts → unit-norm sentence vectors with a pretrained BERT (<see cref="OnnxSentenceEncoder"/>,
/// <see cref="TorchSentenceEncoder"/>).</summary>
public interface ISentenceEncoder : IDisposable
{
    PretrainedTextModel Model { get; }
    BertTextTokenizer Tokenizer { get; }
    int Dim { get; }
    SentenceEncoding Encode(IReadOnlyList<string?> texts);
}

internal static class SentenceEncoders
{
    /// <summary>Tokenises, batches by length (<see cref="BertBatch.ByLength"/>), runs <paramref name="hidden"/> on each
    /// batch and pools; vectors come back in the texts' order.</summary>
    public static SentenceEncoding Encode(IReadOnlyList<string?> texts, BertTextTokenizer tokenizer, int batchSize, int dim,
        SentencePoolingMode pooling, Func<BertBatch, float[]> hidden)
    {
        var tokens = texts.Select(tokenizer.Encode).ToArray();
        var vectors = new float[texts.Count][];
        foreach (var chunk in BertBatch.ByLength(tokens, batchSize))
        {
            var batch = new BertBatch(chunk.Select(i => tokens[i]).ToArray(), tokenizer.PadId);
            var h = hidden(batch);
            var pooled = SentencePooling.Apply(h, batch.Mask, batch.Count, batch.Length, dim, pooling);
            for (int j = 0; j < chunk.Length; j++) vectors[chunk[j]] = pooled[j];
        }
        return new SentenceEncoding(vectors, tokens.Count(t => t.Truncated));
    }
}
