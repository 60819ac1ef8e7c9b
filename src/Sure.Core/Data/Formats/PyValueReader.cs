using System.Numerics;
using Sure.Data.Pickle;
using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// Interprets values of the pickle object model as the shapes the dataset layouts need (ids, labels, speakers,
/// feature rows), throwing <see cref="SureDataException"/> naming the file and the item on any mismatch.
/// </summary>
internal sealed class PyValueReader(string file)
{
    public string File { get; } = file;

    public SureDataException Error(string problem, string? dialogue = null, int? utterance = null) =>
        new(problem, File, dialogue, utterance);

    public PyDict Dict(object? o, string what) =>
        o as PyDict ?? throw Error($"{what} should be a dict, found {PyTypeName.Of(o)}");

    /// <summary>A list, tuple or set as an ordered sequence.</summary>
    public IReadOnlyList<object?> Sequence(object? o, string what, string? dialogue = null) => o switch
    {
        List<object?> l => l,
        PyTuple t => t,
        PySet s => s.Ordered.Cast<object?>().ToList(),
        NumpyArray { Rank: 1 } a => a.DType.Kind == 'f' ? a.ToDoubleArray().Cast<object?>().ToList() : a.ToLongArray().Cast<object?>().ToList(),
        _ => throw Error($"{what} should be a list, found {PyTypeName.Of(o)}", dialogue),
    };

    /// <summary>A dialogue id: str, or int rendered in decimal.</summary>
    public string Id(object? o, string what) => o switch
    {
        string s => s,
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BigInteger b => b.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw Error($"{what}: a dialogue id should be a str or int, found {PyTypeName.Of(o)}"),
    };

    /// <summary>The ordered dialogue keys: from a list of ids or the keys of a dict.</summary>
    public IReadOnlyList<object> Keys(object? o, string what) => o switch
    {
        PyDict d => d.OrderedKeys,
        List<object?> or PyTuple or PySet => Sequence(o, what).Select(k => k ?? PyNone.Value).ToList(),
        _ => throw Error($"{what} should be a dict or a list of dialogue ids, found {PyTypeName.Of(o)}"),
    };

    public object? Entry(PyDict dict, object key, string what, string dialogue) =>
        dict.TryGetValue(key, out var v) ? v : throw Error($"{what} has no entry for this dialogue", dialogue);

    public int Integer(object? o, string what, string dialogue, int utterance) => o switch
    {
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        bool b => b ? 1 : 0,
        double d when Math.Floor(d) == d && Math.Abs(d) < int.MaxValue => (int)d,
        _ => throw Error($"{what} should be an integer, found {PyTypeName.Of(o)}", dialogue, utterance),
    };

    public int[] Labels(object? o, string dialogue)
    {
        if (o is NumpyArray a)
        {
            if (a.Rank != 1) throw Error($"labels should be a 1-D array, found shape ({string.Join(", ", a.Shape)})", dialogue);
            return a.ToDoubleArray().Select((v, i) => Math.Floor(v) == v && Math.Abs(v) < int.MaxValue ? (int)v
                : throw Error($"label {v} is not an integer", dialogue, i)).ToArray();
        }
        var seq = Sequence(o, "labels", dialogue);
        return seq.Select((v, i) => Integer(v, "label", dialogue, i)).ToArray();
    }

    public string Text(object? o, string what, string dialogue, int utterance) => o switch
    {
        string s => s,
        byte[] b => PickleTextDecode(b),
        _ => throw Error($"{what} should be a str, found {PyTypeName.Of(o)}", dialogue, utterance),
    };

    private static string PickleTextDecode(byte[] b) => System.Text.Encoding.Latin1.GetString(b);

    /// <summary>Speakers: names (str) or one-hot vectors (lists or array rows), the latter named "S&lt;index&gt;".</summary>
    public string[] Speakers(object? o, string dialogue)
    {
        if (o is NumpyArray arr)
        {
            if (arr.Rank != 2) throw Error($"speakers array should be 2-D one-hot, found shape ({string.Join(", ", arr.Shape)})", dialogue);
            return arr.Rows().Select((r, i) => OneHotName(r.Select(x => (double)x).ToArray(), dialogue, i)).ToArray();
        }
        var seq = Sequence(o, "speakers", dialogue);
        var names = new string[seq.Count];
        for (var i = 0; i < seq.Count; i++)
        {
            names[i] = seq[i] switch
            {
                string s => s,
                byte[] b => PickleTextDecode(b),
                NumpyArray v when v.Rank == 1 => OneHotName(v.ToDoubleArray(), dialogue, i),
                List<object?> or PyTuple => OneHotName(Numbers(seq[i], "speaker one-hot vector", dialogue, i), dialogue, i),
                _ => throw Error($"a speaker should be a name or a one-hot vector, found {PyTypeName.Of(seq[i])}", dialogue, i),
            };
        }
        return names;
    }

    private string OneHotName(double[] v, string dialogue, int utterance)
    {
        var hot = -1;
        for (var k = 0; k < v.Length; k++)
        {
            if (v[k] == 1 && hot < 0) hot = k;
            else if (v[k] != 0) hot = -2;
        }
        if (hot < 0) throw Error("speaker one-hot vector does not hold exactly one 1", dialogue, utterance);
        return $"S{hot}";
    }

    public double[] Numbers(object? o, string what, string dialogue, int utterance)
    {
        var seq = o switch
        {
            List<object?> l => (IReadOnlyList<object?>)l,
            PyTuple t => t,
            _ => throw Error($"{what} should be a list of numbers, found {PyTypeName.Of(o)}", dialogue, utterance),
        };
        var result = new double[seq.Count];
        for (var i = 0; i < seq.Count; i++)
            result[i] = seq[i] switch
            {
                double d => d,
                long l => l,
                bool b => b ? 1 : 0,
                BigInteger bi => (double)bi,
                _ => throw Error($"{what} holds a {PyTypeName.Of(seq[i])}, not a number", dialogue, utterance),
            };
        return result;
    }

    /// <summary>Per-utterance feature vectors: a 2-D array [N, D], or a list of 1-D arrays / lists of numbers.</summary>
    public float[][] FeatureRows(object? o, string modality, string dialogue)
    {
        if (o is NumpyArray a)
        {
            if (a.Rank != 2) throw Error($"{modality} features should be a 2-D array [utterances, dim], found shape ({string.Join(", ", a.Shape)})", dialogue);
            return a.Rows();
        }
        var seq = o switch
        {
            List<object?> l => (IReadOnlyList<object?>)l,
            PyTuple t => t,
            _ => throw Error($"{modality} features should be an array or a list of vectors, found {PyTypeName.Of(o)}", dialogue),
        };
        var rows = new float[seq.Count][];
        for (var i = 0; i < seq.Count; i++)
        {
            rows[i] = seq[i] switch
            {
                NumpyArray v when v.Rank == 1 => v.ToFloatArray(),
                NumpyArray v when v.Rank == 2 && v.Shape[0] == 1 => v.ToFloatArray(),
                NumpyArray v => throw Error($"{modality} feature should be a 1-D vector, found shape ({string.Join(", ", v.Shape)})", dialogue, i),
                _ => Array.ConvertAll(Numbers(seq[i], $"{modality} feature", dialogue, i), d => (float)d),
            };
        }
        return rows;
    }
}
