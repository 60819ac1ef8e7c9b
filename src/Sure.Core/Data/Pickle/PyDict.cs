namespace Sure.Data.Pickle;

/// <summary>A Python dict: insertion-ordered enumeration is not guaranteed by .NET, so the key order is kept separately.</summary>
public sealed class PyDict : Dictionary<object, object?>
{
    private readonly List<object> _order = [];

    public PyDict() : base(PyKeyComparer.Instance) { }

    /// <summary>Keys in insertion order, as Python 3.7+ iterates them.</summary>
    public IReadOnlyList<object> OrderedKeys => _order;

    /// <summary>Sets a key (Python semantics: a new key goes to the end, an existing one keeps its place).</summary>
    public void Set(object key, object? value)
    {
        if (!ContainsKey(key)) _order.Add(key);
        this[key] = value;
    }

    public override string ToString() => $"dict[{Count}]";
}
