using System.Numerics;

namespace Sure.Data.Pickle;

/// <summary>
/// Python-like equality and hashing for dictionary keys and set members: ints, bools and integral floats compare
/// by value (1 == 1.0 == True), strings and bytes by content, tuples and frozensets structurally. Mutable
/// containers (list, dict, set) are unhashable, as in Python.
/// </summary>
public sealed class PyKeyComparer : IEqualityComparer<object>
{
    public static readonly PyKeyComparer Instance = new();
    /// <summary>Deepest tuple/frozenset nesting accepted; deeper keys are refused so hashing cannot overflow the stack.</summary>
    public const int MaxDepth = 200;

    internal static int DepthOf(object? item) => item switch
    {
        PyTuple t => t.Depth,
        PySet s => s.Depth,
        _ => 0,
    };

    public new bool Equals(object? x, object? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null) return false;
        var nx = Numeric(x);
        var ny = Numeric(y);
        if (nx is not null || ny is not null)
            return nx is not null && ny is not null && NumericEquals(nx, ny);
        switch (x)
        {
            case string s: return y is string t && s == t;
            case byte[] a: return y is byte[] b && a.AsSpan().SequenceEqual(b);
            case PyNone: return y is PyNone;
            case PyTuple ta:
                if (y is not PyTuple tb || ta.Count != tb.Count) return false;
                for (var i = 0; i < ta.Count; i++)
                    if (!Equals(ta[i], tb[i])) return false;
                return true;
            case PySet sa when sa.IsFrozen:
                return y is PySet sb && sb.IsFrozen && sa.SetEquals(sb);
            default:
                return x.Equals(y);
        }
    }

    public int GetHashCode(object obj)
    {
        if (DepthOf(obj) > MaxDepth)
            throw new PickleFormatException($"a dictionary key or set member is nested more than {MaxDepth} levels deep");
        var n = Numeric(obj);
        if (n is not null)
            return n switch
            {
                long l => l.GetHashCode(),
                BigInteger b => b.GetHashCode(),
                double d => d.GetHashCode(),
                _ => 0,
            };
        switch (obj)
        {
            case string s: return s.GetHashCode();
            case byte[] a:
            {
                var h = new HashCode();
                h.AddBytes(a);
                return h.ToHashCode();
            }
            case PyNone: return 0x5EED;
            case PyTuple t:
            {
                var h = new HashCode();
                foreach (var item in t) h.Add(item is null ? 0 : GetHashCode(item));
                return h.ToHashCode();
            }
            case PySet { IsFrozen: true } fs:
            {
                var acc = fs.Count;
                foreach (var item in fs) acc ^= GetHashCode(item);
                return acc;
            }
            case List<object?> or PyDict or PySet or NumpyArray:
                throw new PickleFormatException($"unhashable type '{PyTypeName.Of(obj)}' used as a dictionary key or set member");
            default:
                return obj.GetHashCode();
        }
    }

    /// <summary>Normalises numbers: bool/long/BigInteger to long or BigInteger, integral doubles to long.</summary>
    private static object? Numeric(object o) => o switch
    {
        bool b => b ? 1L : 0L,
        long l => l,
        BigInteger bi => bi >= long.MinValue && bi <= long.MaxValue ? (object)(long)bi : bi,
        double d when Math.Floor(d) == d && d >= long.MinValue && d < 9.2233720368547758e18 => (long)d,
        double d => d,
        _ => null,
    };

    private static bool NumericEquals(object a, object b) => (a, b) switch
    {
        (long x, long y) => x == y,
        (BigInteger x, BigInteger y) => x == y,
        (double x, double y) => x == y,
        _ => false,
    };
}
