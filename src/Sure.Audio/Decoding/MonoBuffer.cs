namespace Sure.Audio;

/// <summary>A growable mono sample buffer that mixes interleaved blocks down as they arrive.</summary>
internal sealed class MonoBuffer
{
    private float[] _samples;

    /// <summary>Samples so far.</summary>
    public int Count { get; private set; }

    public MonoBuffer(int capacity = 1 << 16) => _samples = new float[Math.Max(16, capacity)];

    /// <summary>Appends <paramref name="interleaved"/> (whole frames of <paramref name="channels"/>), averaging the channels.</summary>
    public void AddInterleaved(ReadOnlySpan<float> interleaved, int channels)
    {
        var frames = interleaved.Length / channels;
        Reserve(frames);
        var target = _samples.AsSpan(Count, frames);
        if (channels == 1) interleaved[..frames].CopyTo(target);
        else
        {
            var scale = 1f / channels;
            for (int f = 0, at = 0; f < frames; f++)
            {
                var sum = 0f;
                for (var c = 0; c < channels; c++) sum += interleaved[at++];
                target[f] = sum * scale;
            }
        }
        Count += frames;
    }

    /// <summary>The samples, trimmed to <see cref="Count"/>.</summary>
    public float[] ToArray() => _samples.AsSpan(0, Count).ToArray();

    private void Reserve(int more)
    {
        if (Count + more <= _samples.Length) return;
        var size = _samples.Length;
        while (size < Count + more) size = checked(size * 2);
        Array.Resize(ref _samples, size);
    }
}
