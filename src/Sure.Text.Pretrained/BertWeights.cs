using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Text.Bert;

/// <summary>
/// A BERT checkpoint as Hugging Face-named fp32 tensors in PyTorch layout (nn.Linear weights [out, in]), read from an ONNX
/// export (<see cref="FromOnnx"/>) and copied into a <see cref="BertModel"/> (<see cref="LoadInto"/>).
/// </summary>
public static class BertWeights
{
    /// <summary>One tensor: its shape and row-major values.</summary>
    public sealed record Entry(long[] Shape, float[] Data);

    private static readonly string[] Roots = ["embeddings.", "encoder.", "pooler."];

    /// <summary>
    /// The model's weights under their Hugging Face names. Named fp32 initializers (embeddings, biases, LayerNorms, the
    /// pooler) are taken as they are, transposed only where the graph uses them as [in, out] (a MatMul's right operand,
    /// a Gemm's B without transB). Linear weights that the exporter left unnamed (<c>onnx::MatMul_788</c>, <c>927</c>)
    /// are the right operand of a MatMul whose result goes into an Add with a named bias:
    /// <c>encoder.layer.0.attention.self.query.bias</c> names <c>….query.weight</c>; failing that, a node name like
    /// <c>/encoder/layer.0/attention/self/query/MatMul</c> does. Both are stored [in, out] and transposed here.
    /// Initializers that are not weights (e.g. <c>embeddings.position_ids</c>, int64) are left out.
    /// </summary>
    public static Dictionary<string, Entry> FromOnnx(OnnxGraph graph) =>
        OnnxSources(graph).ToDictionary(kv => kv.Key, kv =>
        {
            var t = graph.Initializers[kv.Value.Initializer];
            return kv.Value.Transposed ? Transpose(t) : new Entry(t.Dims, t.Floats!);
        }, StringComparer.Ordinal);

    /// <summary>Where a weight lives in an ONNX graph: the initializer's name, and whether it is stored [in, out] (the
    /// transpose of the PyTorch layout).</summary>
    public sealed record OnnxSource(string Initializer, bool Transposed);

    /// <summary>The initializer behind every weight that <see cref="FromOnnx"/> reads, under the same Hugging Face names.</summary>
    public static Dictionary<string, OnnxSource> OnnxSources(OnnxGraph graph)
    {
        var result = new Dictionary<string, OnnxSource>(StringComparer.Ordinal);
        var consumers = new Dictionary<string, List<OnnxNode>>(StringComparer.Ordinal);
        foreach (var n in graph.Nodes)
            foreach (var i in n.Inputs)
            {
                if (!consumers.TryGetValue(i, out var list)) consumers[i] = list = [];
                list.Add(n);
            }

        // Which initializers the graph reads as [in, out]: MatMul's B, or Gemm's B without transB.
        var transposed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in graph.Nodes)
        {
            if (n.OpType == "MatMul" && n.Inputs.Length == 2 && graph.Initializers.ContainsKey(n.Inputs[1])) transposed.Add(n.Inputs[1]);
            if (n.OpType == "Gemm" && n.Inputs.Length >= 2 && n.IntAttribute("transB", 0) == 0 && graph.Initializers.ContainsKey(n.Inputs[1])) transposed.Add(n.Inputs[1]);
        }

        void Add(string name, OnnxTensor t)
        {
            bool flip = transposed.Contains(t.Name);
            if (flip && t.Dims.Length != 2) throw new InvalidDataException($"ONNX initializer '{t.Name}' is used as a matrix but has shape [{string.Join(", ", t.Dims)}].");
            if (!result.TryAdd(name, new OnnxSource(t.Name, flip))) throw new InvalidDataException($"the ONNX graph gives '{name}' twice (initializer '{t.Name}').");
        }

        foreach (var t in graph.Initializers.Values)
            if (t.DataType == OnnxTensor.Float && Roots.Any(r => t.Name.StartsWith(r, StringComparison.Ordinal))) Add(t.Name, t);

        foreach (var n in graph.Nodes)
        {
            if (n.OpType != "MatMul" || n.Inputs.Length != 2) continue;
            if (!graph.Initializers.TryGetValue(n.Inputs[1], out var w) || w.DataType != OnnxTensor.Float || w.Dims.Length != 2) continue;
            if (Roots.Any(r => w.Name.StartsWith(r, StringComparison.Ordinal))) continue; // named: taken above
            var name = WeightNameFromBias(graph, consumers, n.Outputs[0]) ?? WeightNameFromNode(n.Name)
                ?? throw new InvalidDataException($"cannot tell which weight the ONNX MatMul '{n.Name}' (initializer '{w.Name}') is: no Add with a named bias follows it and its node name does not say.");
            Add(name, w);
        }
        return result;
    }

    private static string? WeightNameFromBias(OnnxGraph graph, Dictionary<string, List<OnnxNode>> consumers, string output)
    {
        if (!consumers.TryGetValue(output, out var next)) return null;
        foreach (var add in next.Where(n => n.OpType == "Add"))
            foreach (var i in add.Inputs)
                if (i != output && i.EndsWith(".bias", StringComparison.Ordinal) && graph.Initializers.ContainsKey(i))
                    return i[..^".bias".Length] + ".weight";
        return null;
    }

    /// <summary>"/encoder/layer.0/attention/self/query/MatMul" → "encoder.layer.0.attention.self.query.weight".</summary>
    internal static string? WeightNameFromNode(string node)
    {
        const string suffix = "/MatMul";
        if (!node.StartsWith('/') || !node.EndsWith(suffix, StringComparison.Ordinal)) return null;
        var name = node[1..^suffix.Length].Replace('/', '.') + ".weight";
        return Roots.Any(r => name.StartsWith(r, StringComparison.Ordinal)) ? name : null;
    }

    private static Entry Transpose(OnnxTensor t) => new([t.Dims[1], t.Dims[0]], Transpose(t.Floats!, (int)t.Dims[0], (int)t.Dims[1]));

    /// <summary>A row-major [rows × cols] matrix's transpose, row-major [cols × rows].</summary>
    internal static float[] Transpose(float[] src, int rows, int cols)
    {
        var dst = new float[src.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
        return dst;
    }

    /// <summary>
    /// Copies <paramref name="weights"/> into every parameter of <paramref name="model"/>. A parameter with no weight, or a
    /// weight of another shape, is an <see cref="InvalidDataException"/> listing all of them; returns the names of the
    /// weights the model did not use (none for a matching checkpoint).
    /// </summary>
    public static IReadOnlyList<string> LoadInto(nn.Module model, IReadOnlyDictionary<string, Entry> weights)
    {
        var problems = new List<string>();
        var parameters = model.named_parameters().ToList();
        foreach (var (name, p) in parameters)
        {
            if (!weights.TryGetValue(name, out var e)) { problems.Add($"'{name}' is missing"); continue; }
            if (!e.Shape.SequenceEqual(p.shape)) problems.Add($"'{name}' has shape [{string.Join(", ", e.Shape)}], the model needs [{string.Join(", ", p.shape)}]");
        }
        if (problems.Count > 0) throw new InvalidDataException("the BERT weights do not fit the model: " + string.Join("; ", problems) + ".");
        using (no_grad())
            foreach (var (name, p) in parameters)
            {
                var e = weights[name];
                using var source = tensor(e.Data, e.Shape);
                p.copy_(source);
            }
        var used = parameters.Select(p => p.name).ToHashSet(StringComparer.Ordinal);
        return weights.Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal).ToList();
    }
}
