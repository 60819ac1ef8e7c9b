using Sure.Errors;

namespace Sure.Text;

/// <summary>
/// Pre-trained word vectors: a vocabulary of distinct words, each with a float vector of length <see cref="Dim"/>,
/// stored in one contiguous row-major block. Read (streaming) from GloVe text or wink JSON with <see cref="Load"/>.
/// Unknown words: <see cref="IndexOf"/> gives -1 and <see cref="Vector"/> an all-zero vector; the models give
/// them a shared "unknown" row instead (see <see cref="Vocabulary"/>). When a word occurs twice in a file
/// the first occurrence is kept.
/// </summary>
public sealed class WordVectors
{
    private readonly Dictionary<string, int> _index;
    private readonly List<string> _words;
    private float[] _data;

    public int Dim { get; }
    public int Count => _words.Count;
    public IReadOnlyList<string> Words => _words;
    /// <summary>Where the vectors were read from, if anywhere.</summary>
    public string? Source { get; init; }

    public WordVectors(int dim)
    {
        if (dim <= 0) throw new ArgumentOutOfRangeException(nameof(dim), "dimension must be positive");
        Dim = dim;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        _words = [];
        _data = new float[dim * 64];
    }

    /// <summary>Adds a word; false (and nothing changes) when it is already present.</summary>
    public bool Add(string word, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dim) throw new ArgumentException($"vector has {vector.Length} values, expected {Dim}", nameof(vector));
        if (_index.ContainsKey(word)) return false;
        int row = _words.Count;
        if ((row + 1) * Dim > _data.Length) Array.Resize(ref _data, Math.Max(_data.Length * 2, (row + 1) * Dim));
        vector.CopyTo(_data.AsSpan(row * Dim, Dim));
        _index[word] = row;
        _words.Add(word);
        return true;
    }

    public bool Contains(string word) => _index.ContainsKey(word);

    /// <summary>Row of <paramref name="word"/>, or -1 when unknown. Exact (case-sensitive) match.</summary>
    public int IndexOf(string word) => _index.TryGetValue(word, out var i) ? i : -1;

    /// <summary>The vector of row <paramref name="index"/> (a view, do not keep across <see cref="Add"/>).</summary>
    public ReadOnlySpan<float> this[int index] =>
        (uint)index < (uint)_words.Count ? _data.AsSpan(index * Dim, Dim) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>A copy of the vector of <paramref name="word"/>; all zeros for an unknown word.</summary>
    public float[] Vector(string word)
    {
        var i = IndexOf(word);
        return i < 0 ? new float[Dim] : this[i].ToArray();
    }

    /// <summary>
    /// Reads a vectors file, detecting its format (<see cref="WordVectorFormats.Detect"/>). With <paramref name="keep"/>,
    /// only the words it accepts are stored (the whole file is still validated), which keeps memory small for the
    /// 341k-word files. Throws <see cref="SureDataException"/> naming the file and line on a malformed entry.
    /// </summary>
    public static WordVectors Load(string path, Func<string, bool>? keep = null, WordVectorFormat? format = null)
    {
        if (!File.Exists(path)) throw new SureUserException($"{path}: word-vector file not found.");
        var f = format ?? WordVectorFormats.Detect(path);
        try
        {
            return f == WordVectorFormat.WinkJson ? WinkJsonVectorReader.Read(path, keep) : GloveTextReader.Read(path, keep);
        }
        catch (IOException e)
        {
            throw new SureDataException($"cannot read word vectors: {e.Message}", path, inner: e);
        }
    }
}
