using System.Text;
using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// A small RFC 4180 CSV reader: comma separated, fields optionally in double quotes with "" for a quote, quoted
/// fields may span lines; CRLF or LF line ends; a UTF-8 byte-order mark is skipped. Records are read lazily, so a
/// <see cref="TextReader"/> (a file, standard input) is streamed, one record in memory at a time.
/// </summary>
public static class Rfc4180CsvReader
{
    /// <summary>A parsed record and the 1-based line on which it starts.</summary>
    public readonly record struct Record(int Line, string[] Fields);

    public static IEnumerable<Record> Parse(string text, string file) => Parse(new StringReader(text), file);

    /// <summary>The records of <paramref name="reader"/>, read as they are enumerated; <paramref name="file"/> names
    /// the input in errors.</summary>
    public static IEnumerable<Record> Parse(TextReader reader, string file)
    {
        var chars = new CharWindow(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        if (chars.At(0) == '\uFEFF') chars.Skip(1);
        var atFieldStart = true;
        var anyInRecord = false;
        int c;
        while ((c = chars.At(0)) >= 0)
        {
            if (atFieldStart && c == '"')
            {
                chars.Skip(1);
                var quoteLine = line;
                while (true)
                {
                    var q = chars.At(0);
                    if (q < 0) throw new SureDataException($"line {quoteLine}: a quoted field is never closed", file);
                    if (q == '"')
                    {
                        if (chars.At(1) == '"') { field.Append('"'); chars.Skip(2); continue; }
                        chars.Skip(1);
                        break;
                    }
                    if (q == '\n') line++;
                    field.Append((char)q);
                    chars.Skip(1);
                }
                atFieldStart = false;
                anyInRecord = true;
                var next = chars.At(0);
                if (next >= 0 && next is not (',' or '\r' or '\n'))
                    throw new SureDataException($"line {line}: unexpected character '{(char)next}' after a closing quote", file);
                continue;
            }
            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    anyInRecord = true;
                    chars.Skip(1);
                    break;
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
                    chars.Skip(c == '\r' && chars.At(1) == '\n' ? 2 : 1);
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (c == '"') throw new SureDataException($"line {line}: a quote inside an unquoted field", file);
                    field.Append((char)c);
                    atFieldStart = false;
                    anyInRecord = true;
                    chars.Skip(1);
                    break;
            }
        }
        if (anyInRecord || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new Record(recordLine, fields.ToArray());
        }
    }

    /// <summary>A look-ahead of two characters over a reader, in blocks (no <see cref="TextReader.Peek"/>, which a
    /// <see cref="StreamReader"/> on a pipe may answer with -1 before the end).</summary>
    private sealed class CharWindow(TextReader reader)
    {
        private readonly char[] _buffer = new char[16384];
        private int _pos, _len;
        private bool _ended;

        /// <summary>The character <paramref name="ahead"/> places on (0 or 1), or -1 past the end.</summary>
        public int At(int ahead)
        {
            while (_pos + ahead >= _len && !_ended)
            {
                if (_pos > 0)
                {
                    Array.Copy(_buffer, _pos, _buffer, 0, _len - _pos);
                    _len -= _pos;
                    _pos = 0;
                }
                var n = reader.Read(_buffer, _len, _buffer.Length - _len);
                if (n == 0) _ended = true;
                else _len += n;
            }
            return _pos + ahead < _len ? _buffer[_pos + ahead] : -1;
        }

        public void Skip(int count) => _pos += count;
    }
}
