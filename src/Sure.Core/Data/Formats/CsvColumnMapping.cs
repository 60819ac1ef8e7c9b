using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// Which CSV columns hold what, for a CSV manifest (<c>--columns audio=file,speaker=speaker,text=text,label=emotion</c>):
/// keys <c>audio, speaker, text, label, dialogue, split, order, start, end, id</c>, each mapped to one header name.
/// speaker is required, and audio or text; start/end need audio; order (a number giving each row's place in its
/// dialogue) needs dialogue. Column names are matched exactly (after trimming); a name cannot
/// hold a comma or an equals sign.
/// </summary>
/// <param name="Columns">key → header name, in the order given.</param>
public sealed record CsvColumnMapping(IReadOnlyDictionary<string, string> Columns)
{
    /// <summary>The keys a mapping may use.</summary>
    public static readonly string[] Keys = ["audio", "speaker", "text", "label", "dialogue", "split", "order", "start", "end", "id"];

    /// <summary>The header name mapped to <paramref name="key"/>, or null.</summary>
    public string? this[string key] => Columns.TryGetValue(key, out var c) ? c : null;

    /// <summary>
    /// Parses "key=column,key=column,…". Every mistake (an entry without '=', an unknown or repeated key, an empty column
    /// name, no speaker, neither audio nor text, start/end without audio) is a one-line <see cref="SureDataException"/>
    /// naming <paramref name="file"/> (when given) and the entry.
    /// </summary>
    public static CsvColumnMapping Parse(string spec, string? file = null)
    {
        SureDataException Bad(string problem) => new($"--columns: {problem}", file);
        if (string.IsNullOrWhiteSpace(spec)) throw Bad("empty; give key=column pairs, e.g. dialogue=call_id,speaker=who,text=utterance,label=emotion");
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in spec.Split(','))
        {
            var entry = raw.Trim();
            var eq = entry.IndexOf('=');
            if (eq < 0) throw Bad($"'{entry}' is not key=column");
            var key = entry[..eq].Trim().ToLowerInvariant();
            var column = entry[(eq + 1)..].Trim();
            if (!Keys.Contains(key)) throw Bad($"unknown key '{entry[..eq].Trim()}' in '{entry}' (use {string.Join(", ", Keys)})");
            if (column.Length == 0 || column.Contains('=')) throw Bad($"'{entry}' must name one column after '='");
            if (!columns.TryAdd(key, column)) throw Bad($"the key '{key}' is given twice (columns '{columns[key]}' and '{column}')");
        }
        if (!columns.ContainsKey("speaker")) throw Bad("map the speaker column (speaker=COLUMN)");
        if (!columns.ContainsKey("audio") && !columns.ContainsKey("text")) throw Bad("map an audio or a text column (audio=COLUMN, text=COLUMN)");
        if (columns.TryGetValue("order", out var order) && !columns.ContainsKey("dialogue")) throw Bad($"order={order} needs a dialogue column (dialogue=COLUMN)");
        foreach (var k in new[] { "start", "end" })
            if (columns.TryGetValue(k, out var c) && !columns.ContainsKey("audio")) throw Bad($"{k}={c} needs an audio column (audio=COLUMN)");
        return new CsvColumnMapping(columns);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(",", Columns.Select(kv => $"{kv.Key}={kv.Value}"));
}
