using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;

namespace Sure.Data.Pickle;

/// <summary>
/// A safe reader for Python pickles (protocols 0-5, Python 2 and 3). It runs the pickle machine on a small object
/// model (see <see cref="PyTypeName"/>) and never executes anything: globals are checked against a whitelist
/// (numpy arrays, dtypes and scalars, sets, bytearray, _codecs.encode) and anything else is refused.
/// Python 2 str objects are decoded as latin-1, like Python's <c>pickle.load(f, encoding='latin1')</c>.
/// Every length is checked against the remaining input, so corrupt files fail with
/// <see cref="PickleFormatException"/> instead of hanging or allocating huge buffers.
/// </summary>
public sealed class PickleReader
{
    private readonly byte[] _data;
    private int _pos;
    private readonly List<object?> _stack = new();
    private readonly List<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = new();
    private int _opStart;

    private PickleReader(byte[] data) { _data = data; }

    /// <summary>Reads the single object of a pickle file.</summary>
    public static object? ReadFile(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Errors.SureUserException($"Cannot read pickle file '{path}': {e.Message}", e);
        }
        try { return Read(bytes); }
        catch (PickleFormatException e) when (e.File is null) { throw e.InFile(path); }
    }

    /// <summary>Reads the first object in <paramref name="data"/> (up to its STOP opcode).</summary>
    public static object? Read(byte[] data) => new PickleReader(data).Run();

    private object? Run()
    {
        if (_data.Length == 0) throw new PickleFormatException("the file is empty", 0);
        while (true)
        {
            _opStart = _pos;
            var op = ReadByte();
            switch (op)
            {
                case (byte)'.': // STOP
                    if (_marks.Count != 0 || _stack.Count != 1)
                        throw Fail($"STOP with {_stack.Count} items on the stack (expected exactly 1){(_marks.Count > 0 ? " and an unclosed MARK" : "")}");
                    return _stack[0];
                case 0x80: // PROTO
                {
                    var proto = ReadByte();
                    if (proto > 5) throw Fail($"unsupported pickle protocol {proto} (0-5 are supported)");
                    break;
                }
                case 0x95: // FRAME: the frame's length is informative only; the bytes follow inline
                {
                    var len = ReadUInt64();
                    if (len > (ulong)(_data.Length - _pos)) throw Fail("FRAME is longer than the rest of the file");
                    break;
                }
                case (byte)'(': _marks.Add(_stack.Count); break; // MARK
                case (byte)'0': Pop(); break; // POP
                case (byte)'1': PopMark(); break; // POP_MARK
                case (byte)'2': Push(Peek()); break; // DUP

                // --- constants and numbers ---
                case (byte)'N': Push(PyNone.Value); break;
                case 0x88: Push(true); break; // NEWTRUE
                case 0x89: Push(false); break; // NEWFALSE
                case (byte)'I': Push(ParseIntLine(ReadLine())); break; // INT
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break; // BININT
                case (byte)'K': Push((long)ReadByte()); break; // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break; // BININT2
                case (byte)'L': Push(ParseLongLine(ReadLine())); break; // LONG
                case 0x8A: Push(DecodeLong(Take(ReadByte()))); break; // LONG1
                case 0x8B: Push(DecodeLong(Take(ReadLength32()))); break; // LONG4
                case (byte)'F': Push(ParseFloatLine(ReadLine())); break; // FLOAT
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break; // BINFLOAT

                // --- strings and bytes ---
                case (byte)'S': Push(PickleText.Latin1.GetString(PickleText.DecodeQuotedString(ReadLine(), _opStart))); break; // STRING
                case (byte)'T': Push(PickleText.Latin1.GetString(Take(ReadLength32()))); break; // BINSTRING
                case (byte)'U': Push(PickleText.Latin1.GetString(Take(ReadByte()))); break; // SHORT_BINSTRING
                case (byte)'V': Push(PickleText.DecodeRawUnicodeEscape(ReadLine(), _opStart)); break; // UNICODE
                case (byte)'X': Push(PickleText.Utf8(Take(ReadLength32()), _opStart)); break; // BINUNICODE
                case 0x8C: Push(PickleText.Utf8(Take(ReadByte()), _opStart)); break; // SHORT_BINUNICODE
                case 0x8D: Push(PickleText.Utf8(Take(ReadLength64()), _opStart)); break; // BINUNICODE8
                case (byte)'B': Push(Take(ReadLength32()).ToArray()); break; // BINBYTES
                case (byte)'C': Push(Take(ReadByte()).ToArray()); break; // SHORT_BINBYTES
                case 0x8E: Push(Take(ReadLength64()).ToArray()); break; // BINBYTES8
                case 0x96: Push(new PyByteArray(Take(ReadLength64()).ToArray())); break; // BYTEARRAY8
                case 0x97: // NEXT_BUFFER
                case 0x98: // READONLY_BUFFER
                    throw Fail("out-of-band buffers (pickle protocol 5 buffer_callback) are not supported");

                // --- containers ---
                case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
                case (byte)'l': Push(new List<object?>(PopMark())); break; // LIST
                case (byte)'a': // APPEND
                {
                    var item = Pop();
                    AsList(Peek(), "APPEND").Add(item);
                    break;
                }
                case (byte)'e': // APPENDS
                {
                    var items = PopMark();
                    AsList(Peek(), "APPENDS").AddRange(items);
                    break;
                }
                case (byte)')': Push(PyTuple.Empty); break; // EMPTY_TUPLE
                case (byte)'t': Push(MakeTuple(PopMark())); break; // TUPLE
                case 0x85: Push(MakeTuple([Pop()])); break; // TUPLE1
                case 0x86: // TUPLE2
                {
                    var b = Pop();
                    var a = Pop();
                    Push(MakeTuple([a, b]));
                    break;
                }
                case 0x87: // TUPLE3
                {
                    var c = Pop();
                    var b = Pop();
                    var a = Pop();
                    Push(MakeTuple([a, b, c]));
                    break;
                }
                case (byte)'}': Push(new PyDict()); break; // EMPTY_DICT
                case (byte)'d': // DICT
                {
                    var items = PopMark();
                    var dict = new PyDict();
                    SetItems(dict, items);
                    Push(dict);
                    break;
                }
                case (byte)'s': // SETITEM
                {
                    var value = Pop();
                    var key = Pop();
                    SetItems(AsDict(Peek(), "SETITEM"), [key, value]);
                    break;
                }
                case (byte)'u': // SETITEMS
                {
                    var items = PopMark();
                    SetItems(AsDict(Peek(), "SETITEMS"), items);
                    break;
                }
                case 0x8F: Push(new PySet()); break; // EMPTY_SET
                case 0x90: // ADDITEMS
                {
                    var items = PopMark();
                    if (Peek() is not PySet { IsFrozen: false } set) throw Fail($"ADDITEMS on a {PyTypeName.Of(Peek())}");
                    AddMembers(set, items);
                    break;
                }
                case 0x91: // FROZENSET
                {
                    var items = PopMark();
                    var set = new PySet(isFrozen: true);
                    AddMembers(set, items);
                    Push(set);
                    break;
                }

                // --- memo ---
                case (byte)'p': Memo(ParseMemoIndex(ReadLine())); break; // PUT
                case (byte)'q': Memo(ReadByte()); break; // BINPUT
                case (byte)'r': Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))); break; // LONG_BINPUT
                case 0x94: Memo(_memo.Count); break; // MEMOIZE
                case (byte)'g': Push(Recall(ParseMemoIndex(ReadLine()))); break; // GET
                case (byte)'h': Push(Recall(ReadByte())); break; // BINGET
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break; // LONG_BINGET

                // --- globals and object construction (whitelist only) ---
                case (byte)'c': // GLOBAL
                {
                    var module = PickleText.Latin1.GetString(ReadLine());
                    var name = PickleText.Latin1.GetString(ReadLine());
                    Push(SafeGlobals.Resolve(module, name, _opStart));
                    break;
                }
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop();
                    var module = Pop();
                    if (module is not string m || name is not string n) throw Fail("STACK_GLOBAL needs two strings");
                    Push(SafeGlobals.Resolve(m, n, _opStart));
                    break;
                }
                case (byte)'R': // REDUCE
                {
                    var args = Pop();
                    var callable = Pop();
                    if (args is not PyTuple t) throw Fail($"REDUCE arguments are a {PyTypeName.Of(args)}, not a tuple");
                    Push(SafeGlobals.Call(callable, t, _opStart));
                    break;
                }
                case 0x81: // NEWOBJ
                {
                    var args = Pop();
                    var cls = Pop();
                    if (args is not PyTuple t) throw Fail("NEWOBJ arguments are not a tuple");
                    Push(SafeGlobals.Call(cls, t, _opStart));
                    break;
                }
                case 0x92: // NEWOBJ_EX
                {
                    var kwargs = Pop();
                    var args = Pop();
                    var cls = Pop();
                    if (args is not PyTuple t || kwargs is not PyDict { Count: 0 }) throw Fail("NEWOBJ_EX with keyword arguments is not supported");
                    Push(SafeGlobals.Call(cls, t, _opStart));
                    break;
                }
                case (byte)'i': // INST
                {
                    var module = PickleText.Latin1.GetString(ReadLine());
                    var name = PickleText.Latin1.GetString(ReadLine());
                    var cls = SafeGlobals.Resolve(module, name, _opStart);
                    Push(SafeGlobals.Call(cls, new PyTuple(PopMark().ToArray()), _opStart));
                    break;
                }
                case (byte)'o': // OBJ
                {
                    var items = PopMark();
                    if (items.Count == 0) throw Fail("OBJ without a class");
                    Push(SafeGlobals.Call(items[0], new PyTuple(items.Skip(1).ToArray()), _opStart));
                    break;
                }
                case (byte)'b': // BUILD
                {
                    var state = Pop();
                    SafeGlobals.Build(Peek(), state, _opStart);
                    break;
                }
                case (byte)'P': // PERSID
                case (byte)'Q': // BINPERSID
                    throw Fail("persistent ids are not supported (the pickle refers to objects stored outside it)");
                case 0x82: // EXT1
                case 0x83: // EXT2
                case 0x84: // EXT4
                    throw Fail("the copyreg extension registry is not supported");
                default:
                    throw Fail($"unknown opcode 0x{op:X2}");
            }
        }
    }

    private PickleFormatException Fail(string message) => new(message, _opStart);

    // --- input ---
    private byte ReadByte()
    {
        if (_pos >= _data.Length) throw new PickleFormatException("unexpected end of file (truncated pickle, no STOP opcode)", _pos);
        return _data[_pos++];
    }

    private ReadOnlySpan<byte> Take(long count)
    {
        if (count < 0 || count > _data.Length - _pos)
            throw new PickleFormatException($"a length of {count} bytes runs past the end of the file ({_data.Length - _pos} bytes left)", _opStart);
        var span = _data.AsSpan(_pos, (int)count);
        _pos += (int)count;
        return span;
    }

    private long ReadLength32()
    {
        var n = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        if (n < 0) throw Fail($"negative length {n}");
        return n;
    }

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    private long ReadLength64()
    {
        var n = ReadUInt64();
        if (n > (ulong)(_data.Length - _pos))
            throw new PickleFormatException($"a length of {n} bytes runs past the end of the file ({_data.Length - _pos} bytes left)", _opStart);
        return (long)n;
    }

    /// <summary>A newline-terminated argument of a protocol-0 opcode (without the newline; a trailing \r is kept).</summary>
    private ReadOnlySpan<byte> ReadLine()
    {
        var rest = _data.AsSpan(_pos);
        var nl = rest.IndexOf((byte)'\n');
        if (nl < 0) throw new PickleFormatException("unexpected end of file inside a text argument", _opStart);
        _pos += nl + 1;
        return rest[..nl];
    }

    // --- stack ---
    private void Push(object? o) => _stack.Add(o);

    private object? Pop()
    {
        var floor = _marks.Count > 0 ? _marks[^1] : 0;
        if (_stack.Count <= floor) throw Fail("stack underflow");
        var o = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return o;
    }

    private object? Peek()
    {
        var floor = _marks.Count > 0 ? _marks[^1] : 0;
        if (_stack.Count <= floor) throw Fail("stack underflow");
        return _stack[^1];
    }

    private List<object?> PopMark()
    {
        if (_marks.Count == 0) throw Fail("no MARK on the stack");
        var m = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(m, _stack.Count - m);
        _stack.RemoveRange(m, _stack.Count - m);
        return items;
    }

    // --- memo ---
    private void Memo(long index)
    {
        var value = Peek();
        _memo[index] = value;
    }

    private object? Recall(long index) =>
        _memo.TryGetValue(index, out var v) ? v : throw Fail($"memo key {index} is not defined");

    private long ParseMemoIndex(ReadOnlySpan<byte> line)
    {
        if (!long.TryParse(line.TrimEnd((byte)'\r'), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw Fail("invalid memo index");
        return index;
    }

    // --- containers ---
    private PyTuple MakeTuple(IEnumerable<object?> items)
    {
        var t = new PyTuple(items.ToArray());
        if (t.Depth > PyKeyComparer.MaxDepth) throw Fail($"tuples nested more than {PyKeyComparer.MaxDepth} levels deep");
        return t;
    }

    private List<object?> AsList(object? o, string op) =>
        o as List<object?> ?? throw Fail($"{op} on a {PyTypeName.Of(o)}, not a list");

    private PyDict AsDict(object? o, string op) =>
        o as PyDict ?? throw Fail($"{op} on a {PyTypeName.Of(o)}, not a dict");

    private void SetItems(PyDict dict, List<object?> items)
    {
        if (items.Count % 2 != 0) throw Fail("odd number of items for a dict");
        for (var i = 0; i < items.Count; i += 2)
            dict.Set(items[i] ?? PyNone.Value, items[i + 1]);
    }

    private void AddMembers(PySet set, List<object?> items)
    {
        foreach (var item in items) set.AddMember(item ?? PyNone.Value);
    }

    // --- numbers ---
    private object ParseIntLine(ReadOnlySpan<byte> line)
    {
        var s = PickleText.Latin1.GetString(line).Trim();
        if (s == "00") return false;
        if (s == "01") return true;
        return ParseInteger(s.TrimEnd('L'));
    }

    private object ParseLongLine(ReadOnlySpan<byte> line)
    {
        var s = PickleText.Latin1.GetString(line).Trim();
        if (s.EndsWith('L')) s = s[..^1];
        return ParseInteger(s);
    }

    private object ParseInteger(string s)
    {
        if (s.Length > 10_000) throw Fail("integer literal is too long");
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (BigInteger.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b)) return b;
        throw Fail("invalid integer literal");
    }

    private object ParseFloatLine(ReadOnlySpan<byte> line)
    {
        var s = PickleText.Latin1.GetString(line).Trim();
        switch (s)
        {
            case "inf": return double.PositiveInfinity;
            case "-inf": return double.NegativeInfinity;
            case "nan": return double.NaN;
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        throw Fail("invalid float literal");
    }

    /// <summary>Two's-complement little-endian integer of LONG1/LONG4; long when it fits, BigInteger otherwise.</summary>
    private static object DecodeLong(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return 0L;
        var big = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return big >= long.MinValue && big <= long.MaxValue ? (object)(long)big : big;
    }
}
