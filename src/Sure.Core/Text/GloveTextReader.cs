using System.Globalization;
using System.IO.Compression;
using System.Text;
using Sure.Errors;

namespace Sure.Text;

/// <summary>
/// Streaming reader of the GloVe text format: <c>word v1 … vD</c> per line, separated by single spaces. The dimension is
/// taken from the first entry and every later line must match it. Accepted variations: a word2vec-style header line
/// "count dim" (two integers), blank lines (skipped), trailing spaces, words that themselves contain spaces (as in
/// glove.840B: the last D fields are the vector), gzip compression (".gz").
/// </summary>
internal static class GloveTextReader
{
    public static WordVectors Read(string path, Func<string, bool>? keep)
    {
        using var stream = OpenMaybeGzip(path);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return Read(reader, path, keep);
    }

    private static Stream OpenMaybeGzip(string path)
    {
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return new GZipStream(fs, CompressionMode.Decompress);
        return fs;
    }

    public static WordVectors Read(TextReader reader, string source, Func<string, bool>? keep)
    {
        WordVectors? result = null;
        int dim = 0;
        float[] values = [];
        var fields = new List<Range>(320);
        string? line;
        long lineNo = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var span = line.AsSpan().TrimEnd();
            if (span.IsEmpty) continue;

            fields.Clear();
            foreach (var r in span.Split(' ')) fields.Add(r);

            if (result is null && fields.Count == 2 && long.TryParse(span[fields[0]], NumberStyles.None, CultureInfo.InvariantCulture, out _)
                && int.TryParse(span[fields[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var headerDim) && headerDim > 0)
            {
                continue; // word2vec text header "count dim"
            }
            if (fields.Count < 2)
                throw new SureDataException($"line {lineNo}: expected a word followed by its vector values, found {(fields.Count == 1 ? "only one field" : "nothing")}.", source);

            if (result is null)
            {
                dim = fields.Count - 1;
                values = new float[dim];
                result = new WordVectors(dim) { Source = source };
            }
            if (fields.Count < dim + 1)
                throw new SureDataException($"line {lineNo}: expected {dim} values after the word (the dimension of the first line), found {fields.Count - 1}.", source);

            int firstValue = fields.Count - dim;
            if (firstValue > 1)
            {
                // Either a word containing spaces (glove.840B) or a line with too many values.
                if (float.TryParse(span[fields[firstValue - 1]], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    throw new SureDataException($"line {lineNo}: expected {dim} values after the word (the dimension of the first line), found {fields.Count - 1}.", source);
            }
            for (int k = 0; k < dim; k++)
            {
                var f = span[fields[firstValue + k]];
                if (!float.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !float.IsFinite(v))
                    throw new SureDataException($"line {lineNo}: value {k + 1} '{Clip(f)}' is not a finite number.", source);
                values[k] = v;
            }
            var word = firstValue == 1 ? line[fields[0]] : span[fields[0].Start..fields[firstValue - 1].End].ToString();
            if (word.Length == 0)
                throw new SureDataException($"line {lineNo}: empty word (the line starts with a space).", source);
            if (keep is null || keep(word)) result.Add(word, values);
        }
        if (result is null) throw new SureDataException("no word vectors found: the file is empty.", source);
        return result;
    }

    private static string Clip(ReadOnlySpan<char> s) => s.Length <= 40 ? s.ToString() : s[..40].ToString() + "…";
}
