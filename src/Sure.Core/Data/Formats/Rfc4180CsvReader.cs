using System.Text;
using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// A small RFC 4180 CSV reader: comma separated, fields optionally in double quotes with "" for a quote, quoted
/// fields may span lines; CRLF or LF line ends; a UTF-8 byte-order mark is skipped.
/// </summary>
public static class Rfc4180CsvReader
{
    /// <summary>A parsed record and the 1-based line on which it starts.</summary>
    public readonly record struct Record(int Line, string[] Fields);

    public static IEnumerable<Record> Parse(string text, string file)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        var line = 1;
        var recordLine = 1;
        if (text.Length > 0 && text[0] == '\uFEFF') i = 1;
        var atFieldStart = true;
        var anyInRecord = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart && c == '"')
            {
                i++;
                var quoteLine = line;
                while (true)
                {
                    if (i >= text.Length) throw new SureDataException($"line {quoteLine}: a quoted field is never closed", file);
                    var q = text[i];
                    if (q == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (q == '\n') line++;
                    field.Append(q);
                    i++;
                }
                atFieldStart = false;
                anyInRecord = true;
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    throw new SureDataException($"line {line}: unexpected character '{text[i]}' after a closing quote", file);
                continue;
            }
            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    anyInRecord = true;
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                case '\n':
                case '\r':
                    if (anyInRecord || field.Length > 0)
                    {
                        fields.Add(field.ToString());
                        yield return new Record(recordLine, fields.ToArray());
                    }
                    fields.Clear();
                    field.Clear();
                    atFieldStart = true;
                    anyInRecord = false;
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (c == '"') throw new SureDataException($"line {line}: a quote inside an unquoted field", file);
                    field.Append(c);
                    atFieldStart = false;
                    anyInRecord = true;
                    i++;
                    break;
            }
        }
        if (anyInRecord || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new Record(recordLine, fields.ToArray());
        }
    }
}
