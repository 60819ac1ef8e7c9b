namespace Sure.Data.Pickle;

/// <summary>A Python set or frozenset (members compared structurally).</summary>
public sealed class PySet : HashSet<object>
{
    public bool IsFrozen { get; }
    private readonly List<object> _order = [];

    public PySet(bool isFrozen = false) : base(PyKeyComparer.Instance) { IsFrozen = isFrozen; }

    /// <summary>Members in the order they were first added (the pickle's order).</summary>
    public IReadOnlyList<object> Ordered => _order;

    internal int Depth { get; private set; } = 1;

    public void AddMember(object item)
    {
        if (Add(item))
        {
            _order.Add(item);
            Depth = Math.Max(Depth, PyKeyComparer.DepthOf(item) + 1);
        }
    }

    public override string ToString() => $"{(IsFrozen ? "frozenset" : "set")}[{Count}]";
}
