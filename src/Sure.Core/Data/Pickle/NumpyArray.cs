namespace Sure.Data.Pickle;

/// <summary>
/// A numpy array decoded from a pickle, in C (row-major) order. Floats are kept as float[] (float16/32) or double[]
/// (float64); integers and bools as long[].
/// </summary>
public sealed class NumpyArray
{
    private float[]? _floats;
    private double[]? _doubles;
    private long[]? _longs;

    public NumpyDType DType { get; private set; } = new('f', 8);
    public int[] Shape { get; private set; } = [0];
    /// <summary>True once BUILD (__setstate__) has filled the array.</summary>
    public bool IsInitialized { get; private set; }

    internal NumpyArray() { }

    public NumpyArray(NumpyDType dtype, int[] shape, float[]? floats = null, double[]? doubles = null, long[]? longs = null)
    {
        DType = dtype;
        Shape = shape;
        _floats = floats;
        _doubles = doubles;
        _longs = longs;
        IsInitialized = true;
    }

    public int Rank => Shape.Length;
    public long Length => Shape.Aggregate(1L, (a, b) => a * b);

    public float[] ToFloatArray()
    {
        if (_floats is not null) return _floats;
        if (_doubles is not null) return Array.ConvertAll(_doubles, d => (float)d);
        if (_longs is not null) return Array.ConvertAll(_longs, l => (float)l);
        return [];
    }

    public double[] ToDoubleArray()
    {
        if (_doubles is not null) return _doubles;
        if (_floats is not null) return Array.ConvertAll(_floats, f => (double)f);
        if (_longs is not null) return Array.ConvertAll(_longs, l => (double)l);
        return [];
    }

    public long[] ToLongArray()
    {
        if (_longs is not null) return _longs;
        if (_doubles is not null) return Array.ConvertAll(_doubles, d => (long)d);
        if (_floats is not null) return Array.ConvertAll(_floats, f => (long)f);
        return [];
    }

    /// <summary>Rows as float vectors: a 1-D array is one row, a 2-D array [N, D] is N rows of D.</summary>
    public float[][] Rows()
    {
        var flat = ToFloatArray();
        switch (Rank)
        {
            case 1: return [flat];
            case 2:
            {
                var n = Shape[0];
                var d = Shape[1];
                var rows = new float[n][];
                for (var i = 0; i < n; i++) rows[i] = flat.AsSpan(i * d, d).ToArray();
                return rows;
            }
            default:
                throw new PickleFormatException($"expected a 1-D or 2-D array, got shape ({string.Join(", ", Shape)})");
        }
    }

    /// <summary>numpy's ndarray.__setstate__: (version, shape, dtype, is_fortran, raw data) or the 4-tuple without version.</summary>
    internal void SetState(PyTuple state, long offset)
    {
        if (IsInitialized) throw new PickleFormatException("numpy array state set twice", offset);
        var items = state.Count switch
        {
            5 => state.Skip(1).ToArray(),
            4 => state.ToArray(),
            _ => throw new PickleFormatException($"numpy array state must be a 4- or 5-tuple, got {state.Count} items", offset),
        };
        if (items[0] is not PyTuple shapeTuple) throw new PickleFormatException("numpy array state: shape is not a tuple", offset);
        if (items[1] is not NumpyDType dtype) throw new PickleFormatException($"numpy array state: expected a dtype, got {PyTypeName.Of(items[1])}", offset);
        var fortran = items[2] switch
        {
            bool b => b,
            long l => l != 0,
            _ => throw new PickleFormatException("numpy array state: is_fortran is not a bool", offset),
        };
        var raw = items[3] switch
        {
            byte[] b => b,
            PyByteArray ba => ba.Bytes,
            string s => PickleText.Latin1Bytes(s, offset),
            List<object?> => throw new PickleFormatException("numpy object arrays (dtype=object) are not supported", offset),
            _ => throw new PickleFormatException($"numpy array state: raw data is {PyTypeName.Of(items[3])}", offset),
        };
        if (shapeTuple.Count > 32) throw new PickleFormatException("numpy array has more than 32 dimensions", offset);
        var shape = new int[shapeTuple.Count];
        long count = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shapeTuple[i] is not long dim || dim < 0 || dim > int.MaxValue)
                throw new PickleFormatException("numpy array shape holds a negative, huge or non-integer dimension", offset);
            shape[i] = (int)dim;
            count *= dim;
            if (count > raw.LongLength) count = long.MaxValue / 2; // cannot match raw data any more; avoid overflow
        }
        if (count * dtype.ItemSize != raw.LongLength)
            throw new PickleFormatException($"numpy array of shape ({string.Join(", ", shape)}) and dtype {dtype} needs " +
                                            $"{(count >= long.MaxValue / 2 ? "more" : (count * dtype.ItemSize).ToString())} bytes but the pickle holds {raw.LongLength}", offset);
        DType = dtype;
        Shape = shape;
        Decode(raw, (int)count, dtype);
        if (fortran && shape.Length >= 2) ToRowMajor();
        IsInitialized = true;
    }

    private void Decode(byte[] raw, int count, NumpyDType dtype)
    {
        var big = dtype.IsBigEndian;
        var size = dtype.ItemSize;
        var buffer = new byte[8];
        Span<byte> Item(int i)
        {
            var span = buffer.AsSpan(0, size);
            raw.AsSpan(i * size, size).CopyTo(span);
            if (big != !BitConverter.IsLittleEndian) span.Reverse();
            return span;
        }
        switch (dtype.Kind, size)
        {
            case ('f', 2):
                _floats = new float[count];
                for (var i = 0; i < count; i++) _floats[i] = (float)BitConverter.ToHalf(Item(i));
                break;
            case ('f', 4):
                _floats = new float[count];
                for (var i = 0; i < count; i++) _floats[i] = BitConverter.ToSingle(Item(i));
                break;
            case ('f', 8):
                _doubles = new double[count];
                for (var i = 0; i < count; i++) _doubles[i] = BitConverter.ToDouble(Item(i));
                break;
            default:
                _longs = new long[count];
                for (var i = 0; i < count; i++)
                {
                    var s = Item(i);
                    _longs[i] = (dtype.Kind, size) switch
                    {
                        ('b', 1) => s[0] != 0 ? 1 : 0,
                        ('i', 1) => (sbyte)s[0],
                        ('u', 1) => s[0],
                        ('i', 2) => BitConverter.ToInt16(s),
                        ('u', 2) => BitConverter.ToUInt16(s),
                        ('i', 4) => BitConverter.ToInt32(s),
                        ('u', 4) => BitConverter.ToUInt32(s),
                        ('i', 8) => BitConverter.ToInt64(s),
                        _ => (long)BitConverter.ToUInt64(s),
                    };
                }
                break;
        }
    }

    /// <summary>Fortran-ordered data becomes C-ordered (the shape is unchanged).</summary>
    private void ToRowMajor()
    {
        var n = (int)Length;
        var perm = new int[n]; // perm[cIndex] = fIndex
        var idx = new int[Shape.Length];
        for (var c = 0; c < n; c++)
        {
            var f = 0;
            var stride = 1;
            for (var k = 0; k < Shape.Length; k++)
            {
                f += idx[k] * stride;
                stride *= Shape[k];
            }
            perm[c] = f;
            for (var k = Shape.Length - 1; k >= 0; k--)
            {
                if (++idx[k] < Shape[k]) break;
                idx[k] = 0;
            }
        }
        if (_floats is { } fl) _floats = perm.Select(p => fl[p]).ToArray();
        if (_doubles is { } db) _doubles = perm.Select(p => db[p]).ToArray();
        if (_longs is { } lg) _longs = perm.Select(p => lg[p]).ToArray();
    }

    /// <summary>Decodes a numpy scalar (numpy.core.multiarray.scalar(dtype, bytes)) into double, long or bool.</summary>
    internal static object DecodeScalar(NumpyDType dtype, byte[] raw, long offset)
    {
        if (raw.Length != dtype.ItemSize)
            throw new PickleFormatException($"numpy scalar of dtype {dtype} needs {dtype.ItemSize} bytes, got {raw.Length}", offset);
        var a = new NumpyArray();
        a.Decode(raw, 1, dtype);
        if (dtype.Kind == 'b') return a._longs![0] != 0;
        if (a._longs is not null) return a._longs[0];
        return a.ToDoubleArray()[0];
    }

    public override string ToString() => $"ndarray({DType}, ({string.Join(", ", Shape)}))";
}
