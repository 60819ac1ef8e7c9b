using System.Buffers.Binary;
using System.Text.Json;

namespace Sure.IO;

/// <summary>Writes 2-D float32 tensors to a safetensors file (header padded with spaces to 8-byte alignment).</summary>
public static class SafeTensorsWriter
{
    /// <summary>Writes 2-D tensors given as rows (all rows of one tensor the same length).</summary>
    public static void Write(string path, IReadOnlyList<(string Name, float[][] Rows)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var flat = tensors.Select(t =>
        {
            var cols = t.Rows.Length == 0 ? 0 : t.Rows[0].Length;
            var data = new float[(long)t.Rows.Length * cols];
            for (int r = 0; r < t.Rows.Length; r++)
            {
                if (t.Rows[r].Length != cols) throw new ArgumentException($"tensor '{t.Name}' has rows of different lengths");
                t.Rows[r].CopyTo(data, (long)r * cols);
            }
            return (t.Name, new long[] { t.Rows.Length, cols }, data);
        }).ToList();
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(file, flat, metadata);
    }

    /// <summary>Writes float32 tensors of any rank (row-major data) to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IReadOnlyList<(string Name, long[] Shape, float[] Data)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var headerStream = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerStream))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, shape, data) in tensors)
            {
                long count = shape.Aggregate(1L, (a, d) => a * d);
                if (count != data.LongLength) throw new ArgumentException($"tensor '{name}': shape [{string.Join(", ", shape)}] does not match its {data.LongLength} values");
                var bytes = count * 4;
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var d in shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        var header = headerStream.ToArray().ToList();
        while (header.Count % 8 != 0) header.Add((byte)' ');
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Count);
        stream.Write(prefix);
        stream.Write(header.ToArray());
        foreach (var (_, _, data) in tensors)
        {
            var bytes = new byte[data.Length * 4];
            for (var c = 0; c < data.Length; c++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(c * 4), data[c]);
            stream.Write(bytes);
        }
    }
}
