using System.Buffers.Binary;
using System.Text.Json;

namespace Sure.Data.Formats;

/// <summary>Writes 2-D float32 tensors to a safetensors file (header padded with spaces to 8-byte alignment).</summary>
public static class SafeTensorsWriter
{
    public static void Write(string path, IReadOnlyList<(string Name, float[][] Rows)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
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
            foreach (var (name, rows) in tensors)
            {
                var cols = rows.Length == 0 ? 0 : rows[0].Length;
                var bytes = (long)rows.Length * cols * 4;
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                json.WriteNumberValue(rows.Length);
                json.WriteNumberValue(cols);
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
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Count);
        file.Write(prefix);
        file.Write(header.ToArray());
        foreach (var (name, rows) in tensors)
        {
            var cols = rows.Length == 0 ? 0 : rows[0].Length;
            foreach (var row in rows)
            {
                if (row.Length != cols) throw new ArgumentException($"tensor '{name}' has rows of different lengths");
                var bytes = new byte[row.Length * 4];
                for (var c = 0; c < row.Length; c++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(c * 4), row[c]);
                file.Write(bytes);
            }
        }
    }
}
