using System.Text;

namespace Sure.Tests.Data;

/// <summary>Builds hand-made pickle byte streams for tests: strings are latin-1 bytes, ints single bytes, arrays as is.</summary>
internal static class PickleBytes
{
    public static byte[] Of(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var p in parts)
        {
            switch (p)
            {
                case string s: bytes.AddRange(Encoding.Latin1.GetBytes(s)); break;
                case int i: bytes.Add(checked((byte)i)); break;
                case byte b: bytes.Add(b); break;
                case byte[] a: bytes.AddRange(a); break;
                default: throw new ArgumentException(p.GetType().Name);
            }
        }
        return bytes.ToArray();
    }

    public static byte[] Int32Le(int v) => BitConverter.GetBytes(v);

    /// <summary>A numpy-1 style pickle of one array: _reconstruct + BUILD with (1, shape, dtype, fortran, raw bytes).</summary>
    public static byte[] NumpyArray(string dtype, char byteOrder, int[] shape, byte[] raw, bool fortran = false, bool rawAsLatin1Str = false)
    {
        var shapeParts = new List<object> { "(" };
        foreach (var d in shape) shapeParts.AddRange(["J", Int32Le(d)]);
        shapeParts.Add("t");
        return Of([
            0x80, 2,
            "cnumpy.core.multiarray\n_reconstruct\n", "cnumpy\nndarray\n", "K", 0, 0x85, "C", 1, "b", 0x87, "R",
            "(", "K", 1, .. shapeParts,
            "cnumpy\ndtype\n", "U", dtype.Length, dtype, 0x89, 0x88, 0x87, "R",
            "(", "K", 3, "U", 1, byteOrder.ToString(), "N", "N", "N", "J", Int32Le(-1), "J", Int32Le(-1), "K", 0, "t", "b",
            fortran ? 0x88 : 0x89,
            rawAsLatin1Str ? "T" : "B", Int32Le(raw.Length), raw,
            "t", "b", ".",
        ]);
    }
}
