using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Sure.Text.Bert;

/// <summary>One tensor of an ONNX graph: an initializer (or a Constant node's value). Only fp32 and int64 data are kept.</summary>
public sealed record OnnxTensor(string Name, long[] Dims, int DataType, float[]? Floats, long[]? Int64s)
{
    public const int Float = 1, Int64 = 7;
    public long ElementCount => Dims.Aggregate(1L, (a, d) => a * d);
}

/// <summary>One node of an ONNX graph: its name (may be empty), operator, the names of its inputs and outputs, and its
/// integer attributes (e.g. Gemm's transB).</summary>
public sealed record OnnxNode(string Name, string OpType, string[] Inputs, string[] Outputs, IReadOnlyDictionary<string, long> IntAttributes)
{
    public long IntAttribute(string name, long fallback) => IntAttributes.TryGetValue(name, out var v) ? v : fallback;
}

/// <summary>
/// The parts of an ONNX model (<c>ModelProto</c>) needed to read a network's weights: the graph's initializers, its nodes,
/// and the names of its inputs and outputs. A small reader of the protobuf wire format for the few fields involved
/// (ModelProto.graph = 7; GraphProto.node = 1, initializer = 5, input = 11, output = 12; NodeProto.input = 1,
/// output = 2, name = 3, op_type = 4, attribute = 5 (AttributeProto.name = 1, i = 3); TensorProto.dims = 1, data_type = 2, float_data = 4, int64_data = 7, name = 8,
/// raw_data = 9, data_location = 14; ValueInfoProto.name = 1); every other field is skipped. Tensors stored as external
/// data are refused (the packaged models keep everything inside the file).
/// </summary>
public sealed class OnnxGraph
{
    public IReadOnlyDictionary<string, OnnxTensor> Initializers { get; }
    public IReadOnlyList<OnnxNode> Nodes { get; }
    public IReadOnlyList<string> InputNames { get; }
    public IReadOnlyList<string> OutputNames { get; }

    private OnnxGraph(Dictionary<string, OnnxTensor> initializers, List<OnnxNode> nodes, List<string> inputs, List<string> outputs)
    {
        Initializers = initializers;
        Nodes = nodes;
        InputNames = inputs;
        OutputNames = outputs;
    }

    /// <summary>Parses a serialized ONNX <c>ModelProto</c>; a malformed file is an <see cref="InvalidDataException"/>.</summary>
    public static OnnxGraph Parse(ReadOnlySpan<byte> model)
    {
        var r = new WireReader(model);
        ReadOnlySpan<byte> graph = default;
        bool found = false;
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            if (field == 7 && wire == 2) { graph = r.Bytes(); found = true; }
            else r.Skip(wire);
        }
        if (!found) throw new InvalidDataException("the ONNX model has no graph.");
        return ParseGraph(graph);
    }

    private static OnnxGraph ParseGraph(ReadOnlySpan<byte> graph)
    {
        var inits = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var nodes = new List<OnnxNode>();
        var inputs = new List<string>();
        var outputs = new List<string>();
        var r = new WireReader(graph);
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            switch (field, wire)
            {
                case (1, 2): nodes.Add(ParseNode(r.Bytes())); break;
                case (5, 2):
                    var t = ParseTensor(r.Bytes());
                    if (!inits.TryAdd(t.Name, t)) throw new InvalidDataException($"the ONNX graph has two initializers named '{t.Name}'.");
                    break;
                case (11, 2): inputs.Add(ValueInfoName(r.Bytes())); break;
                case (12, 2): outputs.Add(ValueInfoName(r.Bytes())); break;
                default: r.Skip(wire); break;
            }
        }
        return new OnnxGraph(inits, nodes, inputs, outputs);
    }

    private static string ValueInfoName(ReadOnlySpan<byte> info)
    {
        var r = new WireReader(info);
        string name = "";
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            if (field == 1 && wire == 2) name = r.String();
            else r.Skip(wire);
        }
        return name;
    }

    private static OnnxNode ParseNode(ReadOnlySpan<byte> node)
    {
        var r = new WireReader(node);
        var ins = new List<string>();
        var outs = new List<string>();
        var ints = new Dictionary<string, long>(StringComparer.Ordinal);
        string name = "", op = "";
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            switch (field, wire)
            {
                case (1, 2): ins.Add(r.String()); break;
                case (2, 2): outs.Add(r.String()); break;
                case (3, 2): name = r.String(); break;
                case (4, 2): op = r.String(); break;
                case (5, 2):
                    var (attr, value) = IntAttribute(r.Bytes());
                    if (value is long v) ints[attr] = v;
                    break;
                default: r.Skip(wire); break;
            }
        }
        return new OnnxNode(name, op, [.. ins], [.. outs], ints);
    }

    /// <summary>AttributeProto: name = 1, i = 3 (other kinds are skipped: null value).</summary>
    private static (string Name, long? Value) IntAttribute(ReadOnlySpan<byte> attribute)
    {
        var r = new WireReader(attribute);
        string name = "";
        long? value = null;
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            if (field == 1 && wire == 2) name = r.String();
            else if (field == 3 && wire == 0) value = (long)r.Varint();
            else r.Skip(wire);
        }
        return (name, value);
    }

    private static OnnxTensor ParseTensor(ReadOnlySpan<byte> tensor)
    {
        var r = new WireReader(tensor);
        var dims = new List<long>();
        var floats = new List<float>();
        var longs = new List<long>();
        ReadOnlySpan<byte> raw = default;
        bool hasRaw = false;
        int dataType = 0;
        string name = "";
        long location = 0;
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            switch (field, wire)
            {
                case (1, 0): dims.Add((long)r.Varint()); break;
                case (1, 2): { var p = new WireReader(r.Bytes()); while (!p.End) dims.Add((long)p.Varint()); break; }
                case (2, 0): dataType = (int)r.Varint(); break;
                case (4, 5): floats.Add(r.Fixed32Float()); break;
                case (4, 2): { var p = new WireReader(r.Bytes()); while (!p.End) floats.Add(p.Fixed32Float()); break; }
                case (7, 0): longs.Add((long)r.Varint()); break;
                case (7, 2): { var p = new WireReader(r.Bytes()); while (!p.End) longs.Add((long)p.Varint()); break; }
                case (8, 2): name = r.String(); break;
                case (9, 2): raw = r.Bytes(); hasRaw = true; break;
                case (14, 0): location = (long)r.Varint(); break;
                default: r.Skip(wire); break;
            }
        }
        if (location != 0) throw new InvalidDataException($"ONNX tensor '{name}' is stored as external data; only self-contained models are read.");
        long count = dims.Aggregate(1L, (a, d) => a * d);
        float[]? f = null;
        long[]? l = null;
        if (dataType == OnnxTensor.Float)
        {
            if (hasRaw)
            {
                if (raw.Length != count * 4) throw new InvalidDataException($"ONNX tensor '{name}': {raw.Length} raw bytes for {count} floats.");
                if (BitConverter.IsLittleEndian) f = MemoryMarshal.Cast<byte, float>(raw).ToArray();
                else
                {
                    f = new float[count];
                    for (int i = 0; i < f.Length; i++) f[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4, 4));
                }
            }
            else f = [.. floats];
            if (f.Length != count) throw new InvalidDataException($"ONNX tensor '{name}': {f.Length} values for shape [{string.Join(", ", dims)}].");
        }
        else if (dataType == OnnxTensor.Int64)
        {
            if (hasRaw)
            {
                if (raw.Length != count * 8) throw new InvalidDataException($"ONNX tensor '{name}': {raw.Length} raw bytes for {count} int64s.");
                l = new long[count];
                for (int i = 0; i < l.Length; i++) l[i] = BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 8, 8));
            }
            else l = [.. longs];
            if (l.Length != count) throw new InvalidDataException($"ONNX tensor '{name}': {l.Length} values for shape [{string.Join(", ", dims)}].");
        }
        return new OnnxTensor(name, [.. dims], dataType, f, l);
    }

    /// <summary>Protobuf wire-format reader over a span (little-endian, varints up to 64 bits).</summary>
    private ref struct WireReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public readonly bool End => _pos >= _data.Length;

        public ulong Varint()
        {
            ulong v = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_pos >= _data.Length) throw new InvalidDataException("truncated varint in the ONNX file.");
                byte b = _data[_pos++];
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return v;
            }
            throw new InvalidDataException("malformed varint in the ONNX file.");
        }

        public (int Field, int Wire) Tag()
        {
            ulong t = Varint();
            int field = (int)(t >> 3);
            if (field == 0) throw new InvalidDataException("field number 0 in the ONNX file.");
            return (field, (int)(t & 7));
        }

        public ReadOnlySpan<byte> Bytes()
        {
            ulong len = Varint();
            if (len > (ulong)(_data.Length - _pos)) throw new InvalidDataException("a length-delimited field runs past the end of the ONNX file.");
            var s = _data.Slice(_pos, (int)len);
            _pos += (int)len;
            return s;
        }

        public string String() => Encoding.UTF8.GetString(Bytes());

        public float Fixed32Float()
        {
            if (_data.Length - _pos < 4) throw new InvalidDataException("truncated fixed32 in the ONNX file.");
            float f = BinaryPrimitives.ReadSingleLittleEndian(_data.Slice(_pos, 4));
            _pos += 4;
            return f;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: Advance(8); break;
                case 2: Bytes(); break;
                case 5: Advance(4); break;
                default: throw new InvalidDataException($"unsupported protobuf wire type {wire} in the ONNX file.");
            }
        }

        private void Advance(int n)
        {
            if (_data.Length - _pos < n) throw new InvalidDataException("truncated field in the ONNX file.");
            _pos += n;
        }
    }
}
