namespace Sure.Model;

/// <summary>What is needed besides config.json to rebuild a checkpoint: the input dims (t, a, v) and the class names.</summary>
/// <param name="Dims">the model's input dims (t, a, v); with an end-to-end text encoder, the text dim is its output size.</param>
/// <param name="TextEmbeddingDim">word-vector size of the end-to-end text encoder (0 when text features are given).</param>
public sealed record ModelInfo(string Dataset, int[] Dims, string[] ClassNames, long Parameters, int TextEmbeddingDim = 0);
