using System.Collections;

namespace Sure.Data.Pickle;

/// <summary>An immutable Python tuple with structural equality (usable as a dictionary key).</summary>
public sealed class PyTuple : IReadOnlyList<object?>, IEquatable<PyTuple>
{
    public static readonly PyTuple Empty = new([]);
    private readonly object?[] _items;

    /// <summary>Nesting depth through tuples/frozensets (1 for a flat tuple); bounded so hashing never recurses deeply.</summary>
    internal int Depth { get; }

    public PyTuple(object?[] items)
    {
        _items = items;
        var depth = 0;
        foreach (var item in items) depth = Math.Max(depth, PyKeyComparer.DepthOf(item));
        Depth = depth + 1;
    }

    public object? this[int index] => _items[index];
    public int Count => _items.Length;
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(PyTuple? other) => PyKeyComparer.Instance.Equals(this, other);
    public override bool Equals(object? obj) => obj is PyTuple t && Equals(t);
    public override int GetHashCode() => PyKeyComparer.Instance.GetHashCode(this);
    public override string ToString() => $"tuple[{Count}]";
}
