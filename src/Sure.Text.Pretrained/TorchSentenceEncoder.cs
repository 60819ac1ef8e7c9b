using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Text.Bert;

/// <summary>
/// The same sentence vectors as <see cref="OnnxSentenceEncoder"/> from the TorchSharp <see cref="BertModel"/> (weights read
/// from the package's ONNX file): the module that fine-tuning trains. Runs on the CPU with libtorch's current thread
/// count; one call at a time.
/// </summary>
public sealed class TorchSentenceEncoder : ISentenceEncoder
{
    private readonly object _gate = new();

    public PretrainedTextModel Model { get; }
    public BertTextTokenizer Tokenizer { get; }
    public BertModel Bert { get; }
    public int Dim => Model.Dim;
    public int BatchSize { get; }

    public TorchSentenceEncoder(PretrainedTextModel model, int? maxTokens = null, int batchSize = 32, byte[]? onnx = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        Model = model;
        BatchSize = batchSize;
        Tokenizer = model.CreateTokenizer(maxTokens);
        Bert = model.CreateTorchModel(onnx);
    }

    /// <summary>An encoder over a given (e.g. fine-tuned) <paramref name="bert"/>, which it owns from now on.</summary>
    public TorchSentenceEncoder(PretrainedTextModel model, BertTextTokenizer tokenizer, BertModel bert, int batchSize = 32)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        Model = model;
        BatchSize = batchSize;
        Tokenizer = tokenizer;
        Bert = bert;
    }

    public SentenceEncoding Encode(IReadOnlyList<string?> texts)
    {
        lock (_gate) return SentenceEncoders.Encode(texts, Tokenizer, BatchSize, Dim, Model.Pooling, LastHiddenState);
    }

    public SentenceEncoding Encode(IReadOnlyList<BertTokens> tokens)
    {
        lock (_gate) return SentenceEncoders.Encode(tokens, Tokenizer.PadId, BatchSize, Dim, Model.Pooling, LastHiddenState);
    }

    /// <summary>The model's last hidden states for a batch, row-major [Count × Length × Dim].</summary>
    public float[] LastHiddenState(BertBatch batch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = tensor(batch.Ids, [batch.Count, batch.Length]);
        var mask = tensor(batch.Mask, [batch.Count, batch.Length]);
        return Bert.call(ids, mask).data<float>().ToArray();
    }

    public void Dispose() => Bert.Dispose();
}
