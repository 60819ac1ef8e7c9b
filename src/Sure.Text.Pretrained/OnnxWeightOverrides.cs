using Microsoft.ML.OnnxRuntime;
using Sure.Errors;
using Sure.IO;

namespace Sure.Text.Bert;

/// <summary>
/// Fine-tuned BERT weights (Hugging Face names, PyTorch layout) as replacements for the packaged ONNX graph's
/// initializers: each weight goes to the initializer it was read from (<see cref="BertWeights.OnnxSources"/>), transposed
/// back where the graph stores it [in, out], and is handed to ONNX Runtime with
/// <see cref="SessionOptions.AddInitializer"/>, which uses it instead of the graph's own value. The graph's nodes are
/// untouched. The values are pinned for this object's life: it must outlive every session made with it.
/// </summary>
internal sealed class OnnxWeightOverrides : IDisposable
{
    private readonly List<(string Initializer, OrtValue Value)> _values = [];

    /// <summary>How many initializers are replaced.</summary>
    public int Count => _values.Count;

    /// <summary>The initializer names that are replaced, in the graph's order of weights.</summary>
    public IEnumerable<string> Initializers => _values.Select(v => v.Initializer);

    private OnnxWeightOverrides() { }

    /// <summary>Maps <paramref name="weights"/> onto <paramref name="graph"/>. Every weight the graph has must be given, with
    /// its shape, and every given weight must be one of the graph's (one that ONNX Runtime would not read would be dropped
    /// silently); anything else is a <see cref="SureDataException"/> naming <paramref name="source"/>.</summary>
    public static OnnxWeightOverrides Create(OnnxGraph graph, IReadOnlyList<TensorData> weights, string source)
    {
        var sources = BertWeights.OnnxSources(graph);
        var given = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var w in weights)
            if (!given.TryAdd(w.Name, w)) throw new SureDataException($"the fine-tuned encoder gives the weight '{w.Name}' twice.", source);
        var problems = new List<string>();
        problems.AddRange(sources.Keys.Where(k => !given.ContainsKey(k)).Select(k => $"'{k}' is missing"));
        problems.AddRange(given.Keys.Where(k => !sources.ContainsKey(k)).Select(k => $"'{k}' is not a weight of the packaged graph"));
        foreach (var (name, at) in sources)
        {
            if (!given.TryGetValue(name, out var w)) continue;
            var dims = graph.Initializers[at.Initializer].Dims;
            long[] expected = at.Transposed ? [dims[1], dims[0]] : dims;
            if (!w.Shape.SequenceEqual(expected))
                problems.Add($"'{name}' has shape [{string.Join(", ", w.Shape)}], the packaged graph's needs [{string.Join(", ", expected)}]");
        }
        foreach (var shared in sources.GroupBy(s => s.Value.Initializer).Where(g => g.Count() > 1))
        {
            var names = shared.Select(s => s.Key).ToList();
            if (names.Any(n => given.ContainsKey(n)) && names.Skip(1).Any(n => !given[n].Data.AsSpan().SequenceEqual(given[names[0]].Data)))
                problems.Add($"{string.Join(" and ", names.Select(n => $"'{n}'"))} share the graph's initializer '{shared.Key}' but differ");
        }
        if (problems.Count > 0)
            throw new SureDataException("the fine-tuned encoder's weights do not fit the packaged ONNX graph: " + string.Join("; ", problems) + ".", source);

        var result = new OnnxWeightOverrides();
        try
        {
            var added = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, at) in sources)
            {
                if (!added.Add(at.Initializer)) continue; // shared by two names, with equal values (checked above)
                var w = given[name];
                var data = at.Transposed ? BertWeights.Transpose(w.Data, (int)w.Shape[0], (int)w.Shape[1]) : w.Data;
                var dims = graph.Initializers[at.Initializer].Dims;
                result._values.Add((at.Initializer, OrtValue.CreateTensorValueFromMemory(data, dims)));
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>Makes every session created with <paramref name="options"/> use these values.</summary>
    public void AddTo(SessionOptions options)
    {
        foreach (var (name, value) in _values) options.AddInitializer(name, value);
    }

    public void Dispose()
    {
        foreach (var (_, value) in _values) value.Dispose();
        _values.Clear();
    }
}
