using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>
/// A tensor that grows by one slice at a time along one dimension (the time axis of a streamed dialogue: memory rows,
/// attention keys or values), with room reserved ahead (the capacity doubles), so appending the k-th slice copies one
/// slice, not k. Its storage belongs to no dispose scope; <see cref="Dispose"/> frees it.
/// </summary>
internal sealed class RowCache : IDisposable
{
    private readonly int dim;
    private Tensor? buffer;

    /// <param name="dim">The growing dimension.</param>
    public RowCache(int dim) => this.dim = dim;

    /// <summary>Number of slices appended so far.</summary>
    public long Count { get; private set; }

    /// <summary>Appends <paramref name="slice"/> (size 1 along the growing dimension; the other sizes fixed by the first
    /// slice) and returns a view of every slice so far (valid until the next append).</summary>
    public Tensor Append(Tensor slice)
    {
        if (slice.shape[dim] != 1) throw new ArgumentException($"a slice has size 1 along dimension {dim}, not {slice.shape[dim]}.", nameof(slice));
        using var noGrad = no_grad();
        if (buffer is null || Count == buffer.shape[dim]) Grow(slice);
        buffer!.narrow(dim, Count, 1).copy_(slice);
        Count++;
        return buffer.narrow(dim, 0, Count);
    }

    private void Grow(Tensor slice)
    {
        var shape = slice.shape.ToArray();
        shape[dim] = Math.Max(16, 2 * Count);
        var grown = empty(shape, dtype: slice.dtype, device: slice.device).DetachFromDisposeScope();
        if (buffer is not null)
        {
            grown.narrow(dim, 0, Count).copy_(buffer.narrow(dim, 0, Count));
            buffer.Dispose();
        }
        buffer = grown;
    }

    public void Dispose()
    {
        buffer?.Dispose();
        buffer = null;
    }
}
