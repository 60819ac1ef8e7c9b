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
    /// <summary>Sentence vectors of already tokenised inputs (e.g. utterances in their dialogue context, <see cref="BertContextInput"/>).</summary>
    SentenceEncoding Encode(IReadOnlyList<BertTokens> tokens);
}

internal static class SentenceEncoders
{
    /// <summary>Tokenises, batches by length (<see cref="BertBatch.ByLength"/>), runs <paramref name="hidden"/> on each
    /// batch and pools; vectors come back in the texts' order.</summary>
    public static SentenceEncoding Encode(IReadOnlyList<string?> texts, BertTextTokenizer tokenizer, int batchSize, int dim,
        SentencePoolingMode pooling, Func<BertBatch, float[]> hidden) =>
        Encode(texts.Select(tokenizer.Encode).ToArray(), tokenizer.PadId, batchSize, dim, pooling, hidden);

    /// <summary>The same for token ids made already.</summary>
    public static SentenceEncoding Encode(IReadOnlyList<BertTokens> tokens, int padId, int batchSize, int dim,
        SentencePoolingMode pooling, Func<BertBatch, float[]> hidden)
    {
        var vectors = new float[tokens.Count][];
        foreach (var chunk in BertBatch.ByLength(tokens, batchSize))
        {
            var batch = new BertBatch(chunk.Select(i => tokens[i]).ToArray(), padId);
            var h = hidden(batch);
            var pooled = SentencePooling.Apply(h, batch.PoolMask, batch.Count, batch.Length, dim, pooling);
            for (int j = 0; j < chunk.Length; j++) vectors[chunk[j]] = pooled[j];
        }
        return new SentenceEncoding(vectors, tokens.Count(t => t.Truncated));
    }
}
