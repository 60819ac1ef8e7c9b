namespace Sure.Text.Bert;

/// <summary>
/// The shape of a BERT encoder (Hugging Face <c>BertConfig</c> names in the doc comments). <see cref="FromWeights"/> reads
/// every size from the weights except the head count, which a checkpoint does not record.
/// </summary>
/// <param name="VocabSize">vocab_size (rows of embeddings.word_embeddings.weight).</param>
/// <param name="HiddenSize">hidden_size.</param>
/// <param name="Layers">num_hidden_layers.</param>
/// <param name="Heads">num_attention_heads (divides <paramref name="HiddenSize"/>).</param>
/// <param name="IntermediateSize">intermediate_size (the feed-forward width).</param>
/// <param name="MaxPositions">max_position_embeddings.</param>
/// <param name="TypeVocabSize">type_vocab_size.</param>
/// <param name="LayerNormEps">layer_norm_eps.</param>
/// <param name="Dropout">hidden_dropout_prob and attention_probs_dropout_prob (used only in training mode).</param>
/// <param name="HasPooler">whether the model has BERT's pooler (dense + tanh over the [CLS] state).</param>
public sealed record BertConfig(int VocabSize, int HiddenSize, int Layers, int Heads, int IntermediateSize, int MaxPositions,
    int TypeVocabSize, double LayerNormEps = 1e-12, double Dropout = 0.1, bool HasPooler = false)
{
    public int HeadSize => HiddenSize / Heads;

    public BertConfig Validate()
    {
        if (VocabSize < 1 || HiddenSize < 1 || Layers < 1 || Heads < 1 || IntermediateSize < 1 || MaxPositions < 1 || TypeVocabSize < 1)
            throw new ArgumentException($"every BERT size must be positive: {this}.");
        if (HiddenSize % Heads != 0) throw new ArgumentException($"hidden size {HiddenSize} is not a multiple of the head count {Heads}.");
        if (LayerNormEps <= 0 || Dropout is < 0 or >= 1) throw new ArgumentException($"layer-norm epsilon must be > 0 and dropout in [0, 1): {this}.");
        return this;
    }

    /// <summary>The configuration implied by Hugging Face-named weights (<see cref="BertWeights"/>) and a head count.</summary>
    public static BertConfig FromWeights(IReadOnlyDictionary<string, BertWeights.Entry> weights, int heads, double layerNormEps = 1e-12)
    {
        long[] Shape(string name) => weights.TryGetValue(name, out var e) ? e.Shape
            : throw new InvalidDataException($"the weights have no '{name}'.");
        var word = Shape("embeddings.word_embeddings.weight");
        int layers = 0;
        while (weights.ContainsKey($"encoder.layer.{layers}.attention.self.query.bias")) layers++;
        return new BertConfig(
            VocabSize: (int)word[0],
            HiddenSize: (int)word[1],
            Layers: layers,
            Heads: heads,
            IntermediateSize: (int)Shape("encoder.layer.0.intermediate.dense.bias")[0],
            MaxPositions: (int)Shape("embeddings.position_embeddings.weight")[0],
            TypeVocabSize: (int)Shape("embeddings.token_type_embeddings.weight")[0],
            LayerNormEps: layerNormEps,
            HasPooler: weights.ContainsKey("pooler.dense.weight")).Validate();
    }
}
