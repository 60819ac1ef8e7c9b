using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// A mapping from one label vocabulary to another (<c>--label-map FILE</c>): one <c>from=to</c> pair per line, e.g.
/// <c>neutral=neu</c>, <c>anger=ang</c>; blank lines and lines starting with <c>#</c> are ignored, spaces around either
/// side are trimmed. A label is looked up exactly first, then ignoring case. Several labels may map to one.
/// </summary>
public sealed class LabelMap
{
    private readonly Dictionary<string, string> _exact;
    private readonly Dictionary<string, string> _folded;

    private LabelMap(Dictionary<string, string> pairs)
    {
        _exact = pairs;
        _folded = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (from, to) in pairs) _folded.TryAdd(from, to);
    }

    /// <summary>The pairs, as read.</summary>
    public IReadOnlyDictionary<string, string> Pairs => _exact;

    /// <summary>What <paramref name="label"/> maps to; null when the map does not name it.</summary>
    public string? Map(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var key = label.Trim();
        return _exact.TryGetValue(key, out var to) || _folded.TryGetValue(key, out to) ? to : null;
    }

    /// <summary>Reads a map file; a malformed line is one <see cref="SureDataException"/> naming the file and the line.</summary>
    public static LabelMap Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new SureUserException($"{path}: no such label-map file.");
        return Parse(File.ReadAllLines(path), path);
    }

    /// <summary>A map given as a file (<c>--label-map FILE</c>) or inline as comma-separated pairs
    /// (<c>hap=joy,exc=joy,fru=anger</c>): an existing file is read, anything else holding '=' is parsed as pairs.</summary>
    public static LabelMap FromSpec(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (File.Exists(spec) || !spec.Contains('=')) return Read(spec);
        return Parse(spec.Split(','), $"label map '{spec}'");
    }

    /// <summary>Parses the lines of a map; <paramref name="source"/> names it in errors.</summary>
    public static LabelMap Parse(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        int n = 0;
        foreach (var raw in lines)
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int eq = line.IndexOf('=');
            var from = eq < 0 ? "" : line[..eq].Trim();
            var to = eq < 0 ? "" : line[(eq + 1)..].Trim();
            if (eq < 0 || from.Length == 0 || to.Length == 0)
                throw new SureDataException($"line {n}: expected 'from=to' (e.g. neutral=neu), got '{line}'.", source);
            if (pairs.TryGetValue(from, out var earlier) && earlier != to)
                throw new SureDataException($"line {n}: '{from}' is mapped twice ({earlier}, {to}).", source);
            pairs[from] = to;
        }
        if (pairs.Count == 0) throw new SureDataException("no 'from=to' line (e.g. neutral=neu).", source);
        return new LabelMap(pairs);
    }
}
