using Sure.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>
/// A batch of whole dialogues, padded only to the longest dialogue in the batch.
/// Shapes: B dialogues, N = longest length in the batch.
/// </summary>
public sealed class DialogueBatch : IDisposable
{
    /// <summary>Per modality (indexed by <see cref="Modality"/>): [B, N, D_m] float32, zeros on padding; null when the modality is not used.</summary>
    public required Tensor?[] Features { get; init; }
    /// <summary>[B, N] bool, true at real utterances.</summary>
    public required Tensor Mask { get; init; }
    /// <summary>[B, N] int64 speaker index within the dialogue (order of first appearance, modulo the model's speaker table); 0 on padding.</summary>
    public required Tensor Speakers { get; init; }
    /// <summary>[B, N] int64 class index; -1 on padding and on unlabelled utterances.</summary>
    public required Tensor Labels { get; init; }
    /// <summary>Optional [B, N, L] int64 word ids for an end-to-end text encoder (0 = padding); null otherwise.</summary>
    public Tensor? Tokens { get; init; }
    public required string[] DialogueIds { get; init; }
    public required int[] Lengths { get; init; }

    public int BatchSize => Lengths.Length;
    public int MaxLength => (int)Mask.shape[1];

    public void Dispose()
    {
        foreach (var f in Features) f?.Dispose();
        Mask.Dispose();
        Speakers.Dispose();
        Labels.Dispose();
        Tokens?.Dispose();
    }
}
