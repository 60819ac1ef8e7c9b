namespace Sure.Data.Pickle;

/// <summary>
/// The whitelist of globals and what calling them means. Calls are interpreted here on the object model; no Python
/// (or any other) code is ever run. Everything not listed is refused with <see cref="PickleForbiddenGlobalException"/>.
/// </summary>
internal static class SafeGlobals
{
    private static readonly Dictionary<(string, string), SafeGlobal> Table = new()
    {
        [("numpy.core.multiarray", "_reconstruct")] = SafeGlobal.NumpyReconstruct,
        [("numpy._core.multiarray", "_reconstruct")] = SafeGlobal.NumpyReconstruct,
        [("numpy.core.numeric", "_frombuffer")] = SafeGlobal.NumpyFromBuffer,
        [("numpy._core.numeric", "_frombuffer")] = SafeGlobal.NumpyFromBuffer,
        [("numpy", "ndarray")] = SafeGlobal.NumpyNdArray,
        [("numpy", "dtype")] = SafeGlobal.NumpyDType,
        [("numpy.core.multiarray", "scalar")] = SafeGlobal.NumpyScalar,
        [("numpy._core.multiarray", "scalar")] = SafeGlobal.NumpyScalar,
        [("_codecs", "encode")] = SafeGlobal.CodecsEncode,
        [("__builtin__", "set")] = SafeGlobal.Set,
        [("builtins", "set")] = SafeGlobal.Set,
        [("__builtin__", "frozenset")] = SafeGlobal.FrozenSet,
        [("builtins", "frozenset")] = SafeGlobal.FrozenSet,
        [("__builtin__", "bytearray")] = SafeGlobal.ByteArray,
        [("builtins", "bytearray")] = SafeGlobal.ByteArray,
        [("collections", "OrderedDict")] = SafeGlobal.OrderedDict,
    };

    /// <summary>All whitelisted globals as "module.name".</summary>
    public static IEnumerable<string> Names => Table.Keys.Select(k => $"{k.Item1}.{k.Item2}");

    public static PyGlobal Resolve(string module, string name, long offset) =>
        Table.TryGetValue((module, name), out var kind)
            ? new PyGlobal(module, name, kind)
            : throw new PickleForbiddenGlobalException(Printable(module), Printable(name), offset);

    private static string Printable(string s)
    {
        var clean = new string(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length > 100 ? clean[..100] + "…" : clean;
    }

    /// <summary>Interprets callable(*args) for REDUCE, NEWOBJ, INST and OBJ.</summary>
    public static object Call(object? callable, PyTuple args, long offset)
    {
        if (callable is not PyGlobal g)
            throw new PickleFormatException($"cannot call a {PyTypeName.Of(callable)} (only whitelisted globals are callable)", offset);
        switch (g.Kind)
        {
            case SafeGlobal.NumpyReconstruct:
                // _reconstruct(ndarray, shape, typecode) makes an empty array that BUILD fills in.
                if (args.Count != 3 || args[0] is not PyGlobal { Kind: SafeGlobal.NumpyNdArray })
                    throw new PickleFormatException($"{g.QualifiedName} expects (numpy.ndarray, shape, typecode)", offset);
                return new NumpyArray();
            case SafeGlobal.NumpyFromBuffer:
            {
                // _frombuffer(buffer, dtype, shape, order): protocol 5's in-band array form.
                if (args.Count != 4 || args[1] is not NumpyDType || args[2] is not PyTuple || args[3] is not string order || order is not ("C" or "F"))
                    throw new PickleFormatException($"{g.QualifiedName} expects (buffer, dtype, shape, 'C' or 'F')", offset);
                var array = new NumpyArray();
                array.SetState(new PyTuple([args[2], args[1], order == "F", args[0]]), offset);
                return array;
            }
            case SafeGlobal.NumpyDType:
            {
                if (args.Count is < 1 or > 3 || args[0] is not string spec)
                    throw new PickleFormatException("numpy.dtype expects a type string such as 'f4'", offset);
                return NumpyDType.Parse(spec, offset);
            }
            case SafeGlobal.NumpyScalar:
            {
                if (args.Count != 2 || args[0] is not NumpyDType dt)
                    throw new PickleFormatException($"{g.QualifiedName} expects (dtype, data)", offset);
                var raw = args[1] switch
                {
                    byte[] b => b,
                    string s => PickleText.Latin1Bytes(s, offset),
                    _ => throw new PickleFormatException($"{g.QualifiedName}: data is {PyTypeName.Of(args[1])}", offset),
                };
                return NumpyArray.DecodeScalar(dt, raw, offset);
            }
            case SafeGlobal.CodecsEncode:
            {
                if (args.Count is < 1 or > 2 || args[0] is not string text)
                    throw new PickleFormatException("_codecs.encode expects (str, encoding)", offset);
                var encoding = args.Count == 2 ? args[1] as string : "utf-8";
                return encoding?.ToLowerInvariant() switch
                {
                    "latin1" or "latin-1" or "iso-8859-1" or "iso8859-1" => PickleText.Latin1Bytes(text, offset),
                    "utf-8" or "utf8" => System.Text.Encoding.UTF8.GetBytes(text),
                    _ => throw new PickleFormatException("_codecs.encode: only the latin1 and utf-8 encodings are supported", offset),
                };
            }
            case SafeGlobal.Set:
            case SafeGlobal.FrozenSet:
            {
                var set = new PySet(g.Kind == SafeGlobal.FrozenSet);
                if (args.Count > 1) throw new PickleFormatException($"{g.Name}() takes at most one argument", offset);
                if (args.Count == 1)
                    foreach (var item in Iterate(args[0], g.Name, offset)) set.AddMember(item ?? PyNone.Value);
                return set;
            }
            case SafeGlobal.ByteArray:
                if (args.Count == 0) return new PyByteArray([]);
                return args[0] switch
                {
                    byte[] b => new PyByteArray(b),
                    string s when args.Count == 2 && args[1] is string enc && enc.Replace("-", "").Equals("latin1", StringComparison.OrdinalIgnoreCase)
                        => new PyByteArray(PickleText.Latin1Bytes(s, offset)),
                    _ => throw new PickleFormatException("bytearray expects bytes or (str, 'latin-1')", offset),
                };
            case SafeGlobal.OrderedDict:
            {
                var dict = new PyDict();
                if (args.Count == 1)
                    foreach (var pair in Iterate(args[0], "OrderedDict", offset))
                    {
                        if (pair is not PyTuple { Count: 2 } kv && pair is not List<object?> { Count: 2 })
                            throw new PickleFormatException("OrderedDict expects (key, value) pairs", offset);
                        var items = ((IEnumerable<object?>)pair).ToArray();
                        dict.Set(items[0] ?? PyNone.Value, items[1]);
                    }
                return dict;
            }
            default:
                throw new PickleFormatException($"{g.QualifiedName} cannot be called directly", offset);
        }
    }

    /// <summary>Interprets BUILD (obj.__setstate__(state)) for the objects that support it.</summary>
    public static void Build(object? target, object? state, long offset)
    {
        switch (target)
        {
            case NumpyArray array when state is PyTuple t:
                array.SetState(t, offset);
                return;
            case NumpyDType dtype when state is PyTuple t:
                // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
                if (t.Count < 2 || t[1] is not string order || order.Length != 1 || "<>|=".IndexOf(order[0]) < 0)
                    throw new PickleFormatException("numpy dtype state has no valid byte order", offset);
                if (t.Count > 2 && t[2] is not (null or PyNone) || t.Count > 3 && t[3] is not (null or PyNone))
                    throw new PickleFormatException("structured or sub-array numpy dtypes are not supported", offset);
                if (dtype.ItemSize > 1) dtype.ByteOrder = order[0];
                return;
            case PyDict dict when state is PyDict extra:
                foreach (var k in extra.OrderedKeys) dict.Set(k, extra[k]);
                return;
            default:
                throw new PickleFormatException($"cannot set the state of a {PyTypeName.Of(target)} from a {PyTypeName.Of(state)}", offset);
        }
    }

    private static IEnumerable<object?> Iterate(object? o, string what, long offset) => o switch
    {
        List<object?> l => l,
        PyTuple t => t,
        PySet s => s.Ordered.Cast<object?>(),
        _ => throw new PickleFormatException($"{what}() needs a list or tuple, got {PyTypeName.Of(o)}", offset),
    };
}
