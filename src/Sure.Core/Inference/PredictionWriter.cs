using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sure.Inference;

/// <summary>The layouts <see cref="PredictionWriter"/> writes.</summary>
public enum PredictionFormat
{
    /// <summary>One JSON object per turn and line.</summary>
    Jsonl,
    /// <summary>RFC 4180 CSV with a header row (LF line ends).</summary>
    Csv,
}

/// <summary>
/// Streams <see cref="TurnPrediction"/> records to a writer, one turn at a time (nothing is kept):
/// <list type="bullet">
/// <item>JSONL: <c>{"conversation", "index", "speaker", "text", "label", "label_name", "probabilities": {class: p}, "confidence",
/// "entropy", "routing": {modality: [w…]}, "expert_uncertainty": {modality: [u…]}, "known_word_share", "gold"?}</c>,
/// "gold" only when the input had one;</item>
/// <item>CSV: <c>conversation,index,speaker,text,label,label_name,confidence,entropy,known_word_share,gold,p_&lt;class&gt;…,
/// routing_&lt;modality&gt;_&lt;expert&gt;…,uncertainty_&lt;modality&gt;_&lt;expert&gt;…</c>; the header comes from the class
/// names and the first record's routing shape; an absent value is an empty field.</item>
/// </list>
/// Probabilities, confidence, entropy, routing weights and known-word shares have 4 decimals; expert uncertainties 4
/// significant digits; a value that is not finite is written as null (JSON) or an empty field (CSV). The JSON fields
/// are <see cref="PredictionRecord"/>'s, which <c>sure serve</c> sends too.
/// </summary>
public sealed class PredictionWriter
{
    private readonly TextWriter _out;
    private readonly PredictionFormat _format;
    private readonly IReadOnlyList<string> _classNames;
    private (string Modality, int Experts)[]? _csvRouting;

    /// <param name="output">where the records go (not closed by this writer).</param>
    /// <param name="format">JSONL or CSV.</param>
    /// <param name="classNames">the model's classes, in its output order (the CSV's p_ columns).</param>
    public PredictionWriter(TextWriter output, PredictionFormat format, IReadOnlyList<string> classNames)
    {
        _out = output;
        _format = format;
        _classNames = classNames;
    }

    /// <summary>How many records were written.</summary>
    public long Count { get; private set; }

    public void Write(TurnPrediction p)
    {
        _out.Write(_format == PredictionFormat.Jsonl ? Json(p) : Csv(p));
        Count++;
    }

    public void Flush() => _out.Flush();

    private static string Json(TurnPrediction p) => JsonSerializer.Serialize(PredictionRecord.From(p), PredictionRecord.Json) + "\n";

    private static double? Decimals(float x) => PredictionRecord.Decimals(x);

    private static double? Significant(float x) => PredictionRecord.Significant(x);

    private string Csv(TurnPrediction p)
    {
        var line = new StringBuilder();
        if (_csvRouting is null)
        {
            _csvRouting = p.Routing.Select(r => (r.Key, r.Value.Length)).ToArray();
            string[] columns =
            [
                "conversation", "index", "speaker", "text", "label", "label_name", "confidence", "entropy", "known_word_share", "gold",
                .. _classNames.Select(c => $"p_{c}"),
                .. _csvRouting.SelectMany(r => Enumerable.Range(0, r.Experts).Select(e => $"routing_{r.Modality}_{e}")),
                .. _csvRouting.SelectMany(r => Enumerable.Range(0, r.Experts).Select(e => $"uncertainty_{r.Modality}_{e}")),
            ];
            AppendRow(line, columns);
        }
        var probabilities = _classNames.Select(c => p.Probabilities.TryGetValue(c, out var x) ? Text(Decimals(x)) : "");
        AppendRow(line,
        [
            p.ConversationId, p.Index.ToString(CultureInfo.InvariantCulture), p.Speaker, p.Text ?? "", p.Label, p.DisplayLabel,
            Text(Decimals(p.Confidence)), Text(Decimals(p.Entropy)), p.KnownWordShare is { } k ? Text(Decimals(k)) : "", p.Gold ?? "",
            .. probabilities,
            .. Cells(p.Routing, Decimals),
            .. Cells(p.ExpertUncertainty, Significant),
        ]);
        return line.ToString();
    }

    /// <summary>One cell per (modality, expert) of the header's routing shape; empty where the record has none.</summary>
    private IEnumerable<string> Cells(IReadOnlyDictionary<string, float[]> vectors, Func<float, double?> round) =>
        _csvRouting!.SelectMany(r => Enumerable.Range(0, r.Experts).Select(e =>
            vectors.TryGetValue(r.Modality, out var v) && e < v.Length ? Text(round(v[e])) : ""));

    private static string Text(double? x) => x is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static void AppendRow(StringBuilder line, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var f in fields)
        {
            if (!first) line.Append(',');
            first = false;
            if (f.AsSpan().IndexOfAny(",\"\r\n") >= 0) line.Append('"').Append(f.Replace("\"", "\"\"")).Append('"');
            else line.Append(f);
        }
        line.Append('\n');
    }
}
