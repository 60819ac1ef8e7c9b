using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Sure.Data;
using Sure.Inference;

namespace Sure.Server;

/// <summary>
/// Reads and checks request bodies: at most <see cref="ServeOptions.MaxRequestBytes"/>, strict JSON (no unknown field,
/// no number in a string, no comment), then the limits on turns and text. Every refusal is an <see cref="ApiError"/>
/// that names the field, e.g. <c>turns[2].speaker</c>.
/// </summary>
internal sealed class RequestReader(ServeOptions options)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = 16,
    };

    private static readonly string[] ModalityKeys = [.. Modalities.All.Select(m => m.Name()), .. Modalities.All.Select(m => m.Letter().ToString())];

    /// <summary>The conversation of a /v1/predict request.</summary>
    public async Task<Conversation> ReadConversation(HttpRequest request, CancellationToken ct)
    {
        var body = await Read<PredictRequest>(request, ct);
        var id = body.Id ?? "1";
        if (id.Length == 0 || id.Length > ServeOptions.MaxNameChars) throw ApiError.Invalid("id", $"must have 1 to {ServeOptions.MaxNameChars} characters.");
        if (body.Turns is null) throw ApiError.Invalid("turns", "required: the conversation's turns, in order.");
        if (body.Turns.Count == 0) throw ApiError.Invalid("turns", "a conversation needs at least one turn.");
        if (body.Turns.Count > options.MaxTurns)
            throw ApiError.Invalid("turns", $"{body.Turns.Count} turns, over the limit of {options.MaxTurns} (--max-turns).");
        return new Conversation(id, body.Turns.Select((t, i) => ToTurn(t, $"turns[{i}]")).ToList());
    }

    /// <summary>The turn of a session's utterance request.</summary>
    public async Task<Turn> ReadTurn(HttpRequest request, CancellationToken ct) => ToTurn(await Read<TurnRequest>(request, ct), null);

    private Turn ToTurn(TurnRequest? t, string? at)
    {
        string Field(string name) => at is null ? name : $"{at}.{name}";
        if (t is null) throw ApiError.Invalid(at ?? "body", "expected an object {speaker, text, features?, label?}.");
        if (string.IsNullOrWhiteSpace(t.Speaker)) throw ApiError.Invalid(Field("speaker"), "required: who speaks.");
        if (t.Speaker.Length > ServeOptions.MaxNameChars) throw ApiError.Invalid(Field("speaker"), $"over {ServeOptions.MaxNameChars} characters.");
        if (t.Text is { } text && text.Length > options.MaxTextChars)
            throw ApiError.Invalid(Field("text"), $"{text.Length} characters, over the limit of {options.MaxTextChars} (--max-text-chars).");
        if (t.Text is null && t.Features is null) throw ApiError.Invalid(Field("text"), "required: what was said (or features, for a model that reads given vectors).");
        if (t.Label is { Length: 0 }) throw ApiError.Invalid(Field("label"), "empty; leave it out when the gold class is not known.");
        Dictionary<string, float[]>? features = null;
        if (t.Features is not null)
        {
            features = new(StringComparer.Ordinal);
            foreach (var (key, values) in t.Features)
            {
                var f = Field($"features.{key}");
                if (!ModalityKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
                    throw ApiError.Invalid(f, $"not a modality ({string.Join(", ", Modalities.All.Select(m => m.Name()))}).");
                if (values is null) throw ApiError.Invalid(f, "expected an array of numbers.");
                for (int i = 0; i < values.Length; i++)
                    if (!float.IsFinite(values[i])) throw ApiError.Invalid($"{f}[{i}]", "not a finite number.");
                features[key] = values;
            }
        }
        return new Turn(t.Speaker, t.Text, t.Label, features);
    }

    /// <summary>The body as <typeparamref name="T"/>: 413 over the size limit, 415 when it is not JSON, 400 naming the
    /// field when it does not parse.</summary>
    private async Task<T> Read<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
            throw new ApiError(StatusCodes.Status415UnsupportedMediaType, $"the body must be JSON (Content-Type: application/json), not {type}.");
        var bytes = await ReadBounded(request, ct);
        if (bytes.Length == 0) throw ApiError.Invalid("body", "empty; expected a JSON object.");
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json) ?? throw ApiError.Invalid("body", "null; expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw ApiError.Invalid(FieldOf(e.Path), Explain(e));
        }
    }

    private async Task<byte[]> ReadBounded(HttpRequest request, CancellationToken ct)
    {
        long limit = options.MaxRequestBytes;
        if (request.ContentLength > limit) throw TooLarge();
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + n > limit) throw TooLarge();
                buffer.Write(chunk, 0, n);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        return buffer.ToArray();
    }

    private ApiError TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"the request body is over the limit of {options.MaxRequestBytes} bytes (--max-request-bytes).", "body");

    /// <summary>"$.turns[0].speaker" → "turns[0].speaker"; "$" → "body".</summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>What is wrong, in words, without .NET type names.</summary>
    private static string Explain(JsonException e)
    {
        var m = e.Message;
        if (m.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var start = m.IndexOf('\'') + 1;
            var name = start > 0 ? m[start..m.IndexOf('\'', start)] : "?";
            return $"unknown field '{name}'.";
        }
        if (m.Contains("could not be converted to", StringComparison.Ordinal))
            return m.Contains("System.Single", StringComparison.Ordinal) ? "expected a number." :
                m.Contains("System.String", StringComparison.Ordinal) ? "expected a string." :
                m.Contains("[]", StringComparison.Ordinal) || m.Contains("List`1", StringComparison.Ordinal) ? "expected an array." :
                m.Contains("Dictionary`2", StringComparison.Ordinal) || m.Contains("Request", StringComparison.Ordinal) ? "expected an object." :
                "a value of the wrong type.";
        if (m.Contains("maximum configured depth", StringComparison.Ordinal)) return "nested too deeply.";
        // the reader's own words for malformed JSON, e.g. "'x' is an invalid start of a value." (position kept)
        var cut = m.IndexOf(" Path:", StringComparison.Ordinal);
        var text = (cut > 0 ? m[..cut] : m).Trim();
        return $"not valid JSON: {text}" + (e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})." : "");
    }
}
