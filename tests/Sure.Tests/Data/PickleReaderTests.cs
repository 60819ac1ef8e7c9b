using System.Numerics;
using Sure.Data.Pickle;
using static Sure.Tests.Data.PickleBytes;

namespace Sure.Tests.Data;

/// <summary>Opcode-level tests of the safe pickle reader on hand-made byte streams.</summary>
public class PickleReaderTests
{
    private static object? Read(params object[] parts) => PickleReader.Read(Of(parts));

    [Fact]
    public void Constants_and_small_ints()
    {
        Assert.Same(PyNone.Value, Read(0x80, 2, "N."));
        Assert.Equal(true, Read(0x80, 2, 0x88, "."));
        Assert.Equal(false, Read(0x80, 2, 0x89, "."));
        Assert.Equal(42L, Read("I42\n."));
        Assert.Equal(true, Read("I01\n."));
        Assert.Equal(false, Read("I00\n."));
        Assert.Equal(-2L, Read("J", Int32Le(-2), "."));
        Assert.Equal(255L, Read("K", 255, "."));
        Assert.Equal(65535L, Read("M", 0xFF, 0xFF, "."));
    }

    [Fact]
    public void Long_integers()
    {
        Assert.Equal(BigInteger.Parse("123456789012345678901234567890"), Read("L123456789012345678901234567890L\n."));
        Assert.Equal(7L, Read("L7L\n."));
        Assert.Equal(-1L, Read(0x8A, 1, 0xFF, "."));
        Assert.Equal(0L, Read(0x8A, 0, "."));
        Assert.Equal(BigInteger.One << 64, Read(0x8A, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1, "."));
        Assert.Equal(32768L, Read(0x8B, Int32Le(3), 0x00, 0x80, 0x00, "."));
    }

    [Fact]
    public void Floats()
    {
        Assert.Equal(1.5, Read("F1.5\n."));
        Assert.Equal(double.PositiveInfinity, Read("Finf\n."));
        var be = BitConverter.GetBytes(-2.25);
        Array.Reverse(be);
        Assert.Equal(-2.25, Read("G", be, "."));
    }

    [Fact]
    public void Python2_strings_are_latin1()
    {
        Assert.Equal("it's\u0041\n", Read("S'it\\'s\\x41\\n'\n."));
        Assert.Equal("\u00e9t\u00e9", Read("U", 3, 0xE9, "t", 0xE9, "."));
        Assert.Equal("\u0092", Read("T", Int32Le(1), 0x92, "."));
        Assert.Equal("a\"b", Read("S\"a\\\"b\"\n."));
    }

    [Fact]
    public void Unicode_strings()
    {
        Assert.Equal("\u20ac x", Read("V\\u20ac x\n."));
        Assert.Equal("€", Read("X", Int32Le(3), 0xE2, 0x82, 0xAC, "."));
        Assert.Equal("hi", Read(0x8C, 2, "hi."));
        Assert.Equal("abc", Read(0x8D, 3, 0, 0, 0, 0, 0, 0, 0, "abc."));
        Assert.Throws<PickleFormatException>(() => Read(0x8C, 1, 0xFF, "."));
    }

    [Fact]
    public void Bytes_and_bytearray()
    {
        Assert.Equal(new byte[] { 1, 2 }, Read("C", 2, 1, 2, "."));
        Assert.Equal(new byte[] { 9 }, Read("B", Int32Le(1), 9, "."));
        Assert.Equal(new byte[] { 7, 8 }, Read(0x8E, 2, 0, 0, 0, 0, 0, 0, 0, 7, 8, "."));
        Assert.Equal(new byte[] { 5 }, Assert.IsType<PyByteArray>(Read(0x96, 1, 0, 0, 0, 0, 0, 0, 0, 5, ".")).Bytes);
    }

    [Fact]
    public void Lists_tuples_dicts_sets()
    {
        Assert.Equal(new List<object?> { 1L, 2L }, Read("](K", 1, "K", 2, "e."));
        Assert.Equal(new List<object?> { 1L, 2L }, Read("(K", 1, "K", 2, "l."));
        Assert.Equal(new List<object?> { 3L }, Read("]K", 3, "a."));
        Assert.Empty(Assert.IsType<PyTuple>(Read(").")));
        Assert.Equal(new PyTuple([1L, 2L, 3L]), Read("K", 1, "K", 2, "K", 3, 0x87, "."));
        Assert.Equal(new PyTuple([1L, 2L]), Read("K", 1, "K", 2, 0x86, "."));
        Assert.Equal(new PyTuple([1L]), Read("K", 1, 0x85, "."));
        Assert.Equal(new PyTuple(["a", 1L]), Read("(U", 1, "aK", 1, "t."));

        var d = Assert.IsType<PyDict>(Read("}(U", 1, "aK", 1, "K", 1, "K", 1, 0x86, "K", 2, "u."));
        Assert.Equal(1L, d["a"]);
        Assert.Equal(2L, d[new PyTuple([1L, 1L])]);
        Assert.Equal(new object[] { "a", new PyTuple([1L, 1L]) }, d.OrderedKeys);
        var d2 = Assert.IsType<PyDict>(Read("(K", 1, "U", 1, "xd", "K", 1, 0x88, "s."));
        Assert.Single(d2); // 1 and True are the same key, as in Python
        Assert.Equal(true, d2[1L]);

        var s = Assert.IsType<PySet>(Read(0x8F, "(K", 1, "K", 2, "K", 1, 0x90, "."));
        Assert.False(s.IsFrozen);
        Assert.Equal(2, s.Count);
        var f = Assert.IsType<PySet>(Read("(U", 1, "aU", 1, "b", 0x91, "."));
        Assert.True(f.IsFrozen);
        Assert.Contains("b", f);
        var viaGlobal = Assert.IsType<PySet>(Read("c__builtin__\nset\n](K", 1, "K", 2, "e", 0x85, "R."));
        Assert.Equal(2, viaGlobal.Count);
    }

    [Fact]
    public void Memo_ops_share_objects()
    {
        var l = Assert.IsType<List<object?>>(Read("]q", 0, "(]q", 1, "h", 1, "e", "h", 0, "a."));
        Assert.Same(l[0], l[1]);
        Assert.Same(l, l[2]);
        var t = Assert.IsType<PyTuple>(Read("]p7\ng7\n", 0x86, "."));
        Assert.Same(t[0], t[1]);
        var t2 = Assert.IsType<PyTuple>(Read("]r", Int32Le(70000), "j", Int32Le(70000), 0x86, "."));
        Assert.Same(t2[0], t2[1]);
        var t3 = Assert.IsType<PyTuple>(Read(0x80, 4, 0x95, 5, 0, 0, 0, 0, 0, 0, 0, "]", 0x94, "h", 0, 0x86, "."));
        Assert.Same(t3[0], t3[1]);
    }

    [Fact]
    public void Stack_ops_pop_popmark_dup()
    {
        Assert.Equal(1L, Read("K", 1, "K", 2, "0."));
        Assert.Equal(1L, Read("K", 1, "(K", 2, "K", 3, "1."));
        var t = Assert.IsType<PyTuple>(Read("K", 5, "2", 0x86, "."));
        Assert.Equal(new PyTuple([5L, 5L]), t);
    }

    [Theory]
    [InlineData('<')]
    [InlineData('>')]
    public void Numpy_float64_array_either_endianness(char order)
    {
        double[] values = [1.5, -2.25, 3e10];
        var raw = values.SelectMany(v => { var b = BitConverter.GetBytes(v); if (order == '>') Array.Reverse(b); return b; }).ToArray();
        var a = Assert.IsType<NumpyArray>(PickleReader.Read(NumpyArray("f8", order, [3], raw)));
        Assert.Equal(values, a.ToDoubleArray());
        Assert.Equal([3], a.Shape);
        Assert.Equal("float64", a.DType.Name);
    }

    [Fact]
    public void Numpy_array_dtypes_shapes_and_raw_data_as_python2_str()
    {
        var f4 = new[] { 1f, 2f, 3f, 4f, 5f, 6f };
        var raw = f4.SelectMany(BitConverter.GetBytes).ToArray();
        var a = Assert.IsType<NumpyArray>(PickleReader.Read(NumpyArray("f4", '<', [2, 3], raw, rawAsLatin1Str: true)));
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal(new[] { 4f, 5f, 6f }, a.Rows()[1]);

        var fortran = Assert.IsType<NumpyArray>(PickleReader.Read(NumpyArray("f4", '<', [2, 3], raw, fortran: true)));
        Assert.Equal(new[] { 1f, 3f, 5f, 2f, 4f, 6f }, fortran.ToFloatArray()); // column-major data becomes row-major

        var half = new[] { (Half)0.5f, (Half)(-1f) }.SelectMany(h => BitConverter.GetBytes(h)).ToArray();
        Assert.Equal(new[] { 0.5f, -1f }, Assert.IsType<NumpyArray>(PickleReader.Read(NumpyArray("f2", '<', [2], half))).ToFloatArray());

        var i2 = new short[] { -3, 300 }.SelectMany(BitConverter.GetBytes).ToArray();
        Assert.Equal(new long[] { -3, 300 }, Assert.IsType<NumpyArray>(PickleReader.Read(NumpyArray("i2", '<', [2], i2))).ToLongArray());
        Assert.Equal(new long[] { -1, 5 }, Assert.IsType<NumpyArray>(PickleReader.Read(NumpyArray("i1", '|', [2], [0xFF, 5]))).ToLongArray());
        Assert.Equal(new long[] { 255, 5 }, Assert.IsType<NumpyArray>(PickleReader.Read(NumpyArray("u1", '|', [2], [0xFF, 5]))).ToLongArray());
        Assert.Equal(new long[] { 1, 0 }, Assert.IsType<NumpyArray>(PickleReader.Read(NumpyArray("b1", '|', [2], [1, 0]))).ToLongArray());
        var i8 = BitConverter.GetBytes(long.MinValue).Reverse().ToArray();
        Assert.Equal(new[] { long.MinValue }, Assert.IsType<NumpyArray>(PickleReader.Read(NumpyArray("i8", '>', [1], i8))).ToLongArray());
        var i4 = BitConverter.GetBytes(-7);
        Assert.Equal(new long[] { -7 }, Assert.IsType<NumpyArray>(PickleReader.Read(NumpyArray("i4", '<', [1], i4))).ToLongArray());
    }

    [Fact]
    public void Numpy_array_whose_data_does_not_match_its_shape_is_refused()
    {
        var ex = Assert.Throws<PickleFormatException>(() => PickleReader.Read(NumpyArray("f4", '<', [1000000, 1000000], new byte[8])));
        Assert.Contains("shape", ex.Message);
        Assert.Throws<PickleFormatException>(() => PickleReader.Read(NumpyArray("f4", '<', [-1], new byte[8])));
        Assert.Throws<PickleFormatException>(() => PickleReader.Read(NumpyArray("U8", '<', [1], new byte[8])));
    }

    [Fact]
    public void Numpy1_scalar_with_python2_str_data()
    {
        var raw = BitConverter.GetBytes(2.5);
        var v = Read(0x80, 2, "cnumpy.core.multiarray\nscalar\n", "cnumpy\ndtype\nU", 2, "f8", 0x89, 0x88, 0x87, "R",
            "(K", 3, "U", 1, "<NNNJ", Int32Le(-1), "J", Int32Le(-1), "K", 0, "tb",
            "U", raw.Length, raw, 0x86, "R.");
        Assert.Equal(2.5, v);
    }

    [Fact]
    public void Numpy2_scalar_via_stack_global()
    {
        var raw = BitConverter.GetBytes(7);
        var v = Read(0x80, 4, 0x8C, 22, "numpy._core.multiarray", 0x8C, 6, "scalar", 0x93,
            0x8C, 5, "numpy", 0x8C, 5, "dtype", 0x93, 0x8C, 2, "i4", 0x89, 0x88, 0x87, "R",
            "(K", 3, 0x8C, 1, "<NNNJ", Int32Le(-1), "J", Int32Le(-1), "K", 0, "tb",
            "C", 4, raw, 0x86, "R.");
        Assert.Equal(7L, v);
    }

    [Fact]
    public void Codecs_encode_latin1_gives_bytes()
    {
        var v = Read(0x80, 2, "c_codecs\nencode\n", "X", Int32Le(4), 0xC3, 0xA9, "ab", "X", Int32Le(6), "latin1", 0x86, "R.");
        Assert.Equal(new byte[] { 0xE9, (byte)'a', (byte)'b' }, v);
    }

    [Theory]
    [InlineData("cos\nsystem\n(S'echo pwned'\ntR.", "os.system")]
    [InlineData("cposix\nsystem\n(S'x'\ntR.", "posix.system")]
    [InlineData("c__builtin__\neval\n(S'1'\ntR.", "__builtin__.eval")]
    [InlineData("(S'x'\nibuiltins\nexec\n.", "builtins.exec")]
    public void Forbidden_globals_are_refused_by_name(string pickle, string global)
    {
        var ex = Assert.Throws<PickleForbiddenGlobalException>(() => PickleReader.Read(System.Text.Encoding.Latin1.GetBytes(pickle)));
        Assert.Equal(global, $"{ex.Module}.{ex.Name}");
        Assert.Contains(global, ex.Message);
    }

    [Fact]
    public void Forbidden_stack_global_is_refused()
    {
        var ex = Assert.Throws<PickleForbiddenGlobalException>(() => Read(0x80, 4, 0x8C, 8, "builtins", 0x8C, 4, "eval", 0x93, "."));
        Assert.Contains("builtins.eval", ex.Message);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x80, 2, (byte)'N' })] // no STOP
    [InlineData(new byte[] { (byte)'T', 0xFF, 0xFF, 0xFF, 0x7F, (byte)'.' })] // length past the end
    [InlineData(new byte[] { (byte)'X', 0xFF, 0xFF, 0xFF, 0xFF, (byte)'.' })] // negative length
    [InlineData(new byte[] { 0x8D, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, (byte)'.' })]
    [InlineData(new byte[] { 0xFF, (byte)'.' })] // unknown opcode
    [InlineData(new byte[] { (byte)'h', 3, (byte)'.' })] // memo miss
    [InlineData(new byte[] { (byte)'a', (byte)'.' })] // stack underflow
    [InlineData(new byte[] { (byte)'e', (byte)'.' })] // no mark
    [InlineData(new byte[] { (byte)'N', (byte)'N', (byte)'.' })] // two objects left
    [InlineData(new byte[] { 0x80, 6, (byte)'N', (byte)'.' })] // protocol 6
    [InlineData(new byte[] { (byte)'P', (byte)'1', (byte)'\n', (byte)'.' })] // persistent id
    [InlineData(new byte[] { 0x82, 1, (byte)'.' })] // extension registry
    [InlineData(new byte[] { (byte)'}', (byte)']', (byte)'K', 1, (byte)'s', (byte)'.' })] // list as a dict key
    [InlineData(new byte[] { (byte)'N', (byte)'K', 1, (byte)'R', (byte)'.' })] // calling None
    [InlineData(new byte[] { (byte)'I', (byte)'x', (byte)'\n', (byte)'.' })]
    [InlineData(new byte[] { (byte)'S', (byte)'\'', (byte)'a', (byte)'\n', (byte)'.' })]
    public void Corrupt_input_raises_a_typed_error(byte[] data)
    {
        Assert.Throws<PickleFormatException>(() => PickleReader.Read(data));
    }

    [Fact]
    public void Deeply_nested_tuples_are_refused_not_overflowing_the_stack()
    {
        var parts = new List<object> { "N" };
        for (var i = 0; i < 100_000; i++) parts.Add(0x85);
        parts.Add(".");
        Assert.Throws<PickleFormatException>(() => PickleReader.Read(Of(parts.ToArray())));
        // deep lists are fine: nothing recurses over them
        var lists = new List<object>();
        for (var i = 0; i < 100_000; i++) lists.Add("(");
        lists.Add("]");
        for (var i = 0; i < 100_000; i++) lists.Add("l");
        lists.Add(".");
        Assert.IsType<List<object?>>(PickleReader.Read(Of(lists.ToArray())));
    }
}
