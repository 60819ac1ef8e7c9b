using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sure.Text.Bert;

/// <summary>
/// Sentence vectors from a packaged model run by ONNX Runtime (CPU), frozen or with fine-tuned weights in place of the
/// graph's (<see cref="FineTunedBert.CreateOnnxEncoder"/>): tokens (<see cref="BertTextTokenizer"/>) →
/// the model's <c>last_hidden_state</c> → <see cref="PretrainedTextModel.Pooling"/> → L2 normalisation. Texts are run in
/// batches of similar length. <see cref="Encode(IReadOnlyList{string})"/> may be called from several threads.
/// </summary>
public sealed class OnnxSentenceEncoder : ISentenceEncoder
{
    private readonly InferenceSession _session;
    private readonly OnnxWeightOverrides? _weights; // alive as long as the session: ONNX Runtime reads them in place

    public PretrainedTextModel Model { get; }
    public BertTextTokenizer Tokenizer { get; }
    public int Dim => Model.Dim;
    public int Threads { get; }
    public int BatchSize { get; }

    /// <param name="threads">ONNX Runtime's intra-op threads (≥ 1).</param>
    /// <param name="onnx">the model bytes when the caller has read them already; null reads them from the package.</param>
    public OnnxSentenceEncoder(PretrainedTextModel model, int? maxTokens = null, int threads = 1, int batchSize = 32, byte[]? onnx = null)
        : this(model, maxTokens, threads, batchSize, onnx, weights: null)
    {
    }

    /// <param name="weights">replacements for the graph's weights (a fine-tuned encoder, <see cref="FineTunedBert.CreateOnnxEncoder"/>);
    /// the encoder owns them from now on and disposes them after its session.</param>
    internal OnnxSentenceEncoder(PretrainedTextModel model, int? maxTokens, int threads, int batchSize, byte[]? onnx, OnnxWeightOverrides? weights)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        Model = model;
        Threads = threads;
        BatchSize = batchSize;
        Tokenizer = model.CreateTokenizer(maxTokens);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _weights = weights;
        try
        {
            weights?.AddTo(options);
            _session = new InferenceSession(onnx ?? model.ReadOnnx(), options);
        }
        catch
        {
            weights?.Dispose();
            throw;
        }
    }

    public SentenceEncoding Encode(IReadOnlyList<string?> texts) =>
        SentenceEncoders.Encode(texts, Tokenizer, BatchSize, Dim, Model.Pooling, LastHiddenState);

    public SentenceEncoding Encode(IReadOnlyList<BertTokens> tokens) =>
        SentenceEncoders.Encode(tokens, Tokenizer.PadId, BatchSize, Dim, Model.Pooling, LastHiddenState);

    /// <summary>The model's last hidden states for a batch, row-major [Count × Length × Dim].</summary>
    public float[] LastHiddenState(BertBatch batch)
    {
        int[] shape = [batch.Count, batch.Length];
        var types = new long[batch.Ids.Length];
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(batch.Ids, shape)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(batch.Mask, shape)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(types, shape)),
        };
        using var results = _session.Run(inputs, ["last_hidden_state"]);
        return results[0].AsTensor<float>().ToArray();
    }

    public void Dispose()
    {
        _session.Dispose();
        _weights?.Dispose();
    }
}
