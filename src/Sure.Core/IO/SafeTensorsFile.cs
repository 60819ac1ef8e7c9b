using System.Buffers.Binary;
using System.Text.Json;
using Sure.Errors;

namespace Sure.IO;

/// <summary>
/// Reads a safetensors file: an 8-byte little-endian header length, a JSON header mapping tensor names to
/// {dtype, shape, data_offsets} (plus optional "__metadata__" of strings), then the raw little-endian tensor bytes.
/// Tensors are read on demand; every offset and size is checked against the file before anything is allocated.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    /// <summary>Largest JSON header accepted (the format's own reference limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private readonly Stream _stream;
    private readonly long _dataStart;
    public string Path { get; }
    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    private SafeTensorsFile(string path, Stream stream, long dataStart, Dictionary<string, SafeTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        Path = path;
        _stream = stream;
        _dataStart = dataStart;
        Tensors = tensors;
        Metadata = metadata;
    }

    public static int ItemSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => 0,
    };

    public static SafeTensorsFile Open(string path)
    {
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SureUserException($"Cannot open feature store '{path}': {e.Message}", e);
        }
        try { return Parse(path, stream); }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads safetensors from a seekable stream (e.g. a zip entry copied to memory); <paramref name="name"/> names
    /// it in messages. The file owns the stream.</summary>
    public static SafeTensorsFile Open(string name, Stream stream)
    {
        try { return Parse(name, stream); }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static SafeTensorsFile Parse(string path, Stream stream)
    {
        SureDataException Bad(string problem) => new($"not a valid safetensors file: {problem}", path);
        var length = stream.Length;
        if (length < 8) throw Bad("shorter than its 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(length - 8) || headerLength > MaxHeaderBytes) throw Bad($"header length {headerLength} exceeds the file");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataLength = length - 8 - (long)headerLength;
        var tensors = new Dictionary<string, SafeTensorInfo>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad("the header is not a JSON object");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__")
                {
                    if (p.Value.ValueKind != JsonValueKind.Object) throw Bad("__metadata__ is not an object");
                    foreach (var m in p.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : throw Bad("__metadata__ values must be strings");
                    continue;
                }
                var v = p.Value;
                if (v.ValueKind != JsonValueKind.Object || !v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String
                    || !v.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array
                    || !v.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
                    throw Bad($"tensor '{p.Name}' needs dtype, shape and data_offsets");
                var dtype = dt.GetString()!;
                var size = ItemSize(dtype);
                if (size == 0) throw Bad($"tensor '{p.Name}' has unknown dtype '{dtype}'");
                var shape = sh.EnumerateArray().Select(x => x.TryGetInt64(out var d) && d >= 0 ? d : throw Bad($"tensor '{p.Name}' has a bad shape")).ToArray();
                if (!off[0].TryGetInt64(out var begin) || !off[1].TryGetInt64(out var end) || begin < 0 || end < begin || end > dataLength)
                    throw Bad($"tensor '{p.Name}' has data offsets outside the file");
                long count = 1;
                foreach (var d in shape)
                {
                    count = d == 0 ? 0 : count > dataLength / Math.Max(d, 1) ? dataLength + 1 : count * d;
                }
                if (count * size != end - begin) throw Bad($"tensor '{p.Name}' of shape [{string.Join(", ", shape)}] does not match its {end - begin} bytes");
                tensors[p.Name] = new SafeTensorInfo(p.Name, dtype, shape, begin, end);
            }
        }
        catch (JsonException e)
        {
            throw new SureDataException($"not a valid safetensors file: the JSON header is malformed ({e.Message})", path);
        }
        return new SafeTensorsFile(path, stream, 8 + (long)headerLength, tensors, metadata);
    }

    /// <summary>Reads a 2-D floating-point tensor (F16, BF16, F32 or F64) as rows of float.</summary>
    public float[][] ReadMatrix(string name)
    {
        if (!Tensors.TryGetValue(name, out var info)) throw new SureDataException($"the feature store has no tensor '{name}'", Path);
        if (info.Shape.Length != 2) throw new SureDataException($"tensor '{name}' should be 2-D [utterances, dim], found [{string.Join(", ", info.Shape)}]", Path);
        if (info.DType is not ("F16" or "BF16" or "F32" or "F64")) throw new SureDataException($"tensor '{name}' has dtype {info.DType}; features must be floating point", Path);
        var bytes = new byte[info.End - info.Begin];
        _stream.Position = _dataStart + info.Begin;
        _stream.ReadExactly(bytes);
        var rows = (int)info.Shape[0];
        var cols = (int)info.Shape[1];
        var size = ItemSize(info.DType);
        var result = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            var row = result[r] = new float[cols];
            for (var c = 0; c < cols; c++)
            {
                var s = bytes.AsSpan((r * cols + c) * size, size);
                row[c] = info.DType switch
                {
                    "F32" => BinaryPrimitives.ReadSingleLittleEndian(s),
                    "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(s),
                    "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(s),
                    _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(s) << 16),
                };
            }
        }
        return result;
    }

    /// <summary>Reads a float32 tensor of any rank: its shape and its values, row-major.</summary>
    public (long[] Shape, float[] Data) ReadFloat32(string name)
    {
        if (!Tensors.TryGetValue(name, out var info)) throw new SureDataException($"no tensor '{name}'", Path);
        if (info.DType != "F32") throw new SureDataException($"tensor '{name}' has dtype {info.DType}, expected F32", Path);
        var bytes = new byte[info.End - info.Begin];
        _stream.Position = _dataStart + info.Begin;
        _stream.ReadExactly(bytes);
        var data = new float[bytes.Length / 4];
        for (int i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4, 4));
        return (info.Shape, data);
    }

    public void Dispose() => _stream.Dispose();
}
