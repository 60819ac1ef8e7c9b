namespace Sure.Data.Pickle;

/// <summary>A numpy dtype restricted to what feature files use: bool, int8..int64, uint8..uint64, float16/32/64.</summary>
public sealed class NumpyDType
{
    /// <summary>'b' bool, 'i' signed int, 'u' unsigned int, 'f' float.</summary>
    public char Kind { get; }
    public int ItemSize { get; }
    /// <summary>'&lt;' little, '&gt;' big, '|' not applicable, '=' native.</summary>
    public char ByteOrder { get; internal set; }

    public NumpyDType(char kind, int itemSize, char byteOrder = '=')
    {
        Kind = kind;
        ItemSize = itemSize;
        ByteOrder = byteOrder;
    }

    /// <summary>True when multi-byte items are stored big-endian.</summary>
    public bool IsBigEndian => ByteOrder == '>' || (ByteOrder == '=' && !BitConverter.IsLittleEndian);

    /// <summary>Parses a numpy type string ("f4", "&lt;f8", "u1", "b1", "?", "float32", ...).</summary>
    public static NumpyDType Parse(string spec, long offset)
    {
        var s = spec;
        var order = '=';
        if (s.Length > 0 && s[0] is '<' or '>' or '|' or '=')
        {
            order = s[0];
            s = s[1..];
        }
        (char kind, int size)? parsed = s switch
        {
            "?" or "b1" or "bool" => ('b', 1),
            "f2" or "e" or "float16" => ('f', 2),
            "f4" or "f" or "float32" => ('f', 4),
            "f8" or "d" or "float64" => ('f', 8),
            "i1" or "b" or "int8" => ('i', 1),
            "i2" or "h" or "int16" => ('i', 2),
            "i4" or "i" or "int32" => ('i', 4),
            "i8" or "q" or "l" or "int64" => ('i', 8),
            "u1" or "B" or "uint8" => ('u', 1),
            "u2" or "H" or "uint16" => ('u', 2),
            "u4" or "I" or "uint32" => ('u', 4),
            "u8" or "Q" or "L" or "uint64" => ('u', 8),
            _ => null,
        };
        if (parsed is null)
            throw new PickleFormatException($"unsupported numpy dtype '{Trim(spec)}' (supported: bool, int8-64, uint8-64, float16/32/64)", offset);
        if (parsed.Value.size == 1) order = '|';
        return new NumpyDType(parsed.Value.kind, parsed.Value.size, order);
    }

    private static string Trim(string s) => s.Length > 40 ? s[..40] + "…" : s;

    public string Name => Kind switch
    {
        'b' => "bool",
        'f' => $"float{ItemSize * 8}",
        'i' => $"int{ItemSize * 8}",
        _ => $"uint{ItemSize * 8}",
    };

    public override string ToString() => ItemSize == 1 ? Name : $"{(IsBigEndian ? '>' : '<')}{Name}";
}
