using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Sure.Audio;
using Sure.Data;
using Sure.Errors;
using Sure.Inference;

namespace Sure.Server;

/// <summary>
/// Reads and checks request bodies: at most <see cref="ServeOptions.RequestBytesLimit"/> bytes, strict JSON (no unknown
/// field, no number in a string, no comment) or multipart/form-data (a JSON part and recordings as file parts), then the
/// limits on turns, text and recordings. Every refusal is an <see cref="ApiError"/> that names the field, e.g.
/// <c>turns[2].speaker</c> or <c>turns[2].audio</c>. Recordings are decoded here (outside the model's gate) to check that
/// they are audio and within <see cref="ServeOptions.MaxAudioSeconds"/>.
/// </summary>
internal sealed class RequestReader(ServeOptions options, AudioSupport audio, Func<string, string?>? whyNotRead = null)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = 16,
    };

    /// <summary>The JSON part of a multipart /v1/predict request.</summary>
    public const string ConversationPart = "conversation";
    /// <summary>The JSON part of a multipart live-turn request.</summary>
    public const string TurnPart = "turn";
    /// <summary>The file part that is a live turn's recording when the turn names none.</summary>
    public const string AudioPart = "audio";

    private static readonly string[] ModalityKeys = [.. Modalities.All.Select(m => m.Name()), .. Modalities.All.Select(m => m.Letter().ToString())];

    private readonly long _bodyLimit = options.RequestBytesLimit(audio.ReadsRecordings);

    /// <summary>What the served model does with audio.</summary>
    public AudioSupport Audio => audio;

    /// <summary>The conversation of a /v1/predict request, and what its recordings add up to.</summary>
    public async Task<(Conversation Conversation, AudioTally Audio)> ReadConversation(HttpRequest request, CancellationToken ct)
    {
        var (json, parts) = await ReadBody(request, ConversationPart, ct);
        var body = Parse<PredictRequest>(json, parts is null ? "body" : ConversationPart);
        var id = body.Id ?? "1";
        if (id.Length == 0 || id.Length > ServeOptions.MaxNameChars) throw ApiError.Invalid("id", $"must have 1 to {ServeOptions.MaxNameChars} characters.");
        if (body.Turns is null) throw ApiError.Invalid("turns", "required: the conversation's turns, in order.");
        if (body.Turns.Count == 0) throw ApiError.Invalid("turns", "a conversation needs at least one turn.");
        if (body.Turns.Count > options.MaxTurns)
            throw ApiError.Invalid("turns", $"{body.Turns.Count} turns, over the limit of {options.MaxTurns} (--max-turns).");
        var tally = new AudioTally();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var turns = body.Turns.Select((t, i) => ToTurn(t, $"turns[{i}]", parts, used, tally)).ToList();
        RefuseUnused(parts, used, "a turn's audio: {\"part\": NAME}");
        return (new Conversation(id, turns), tally);
    }

    /// <summary>The turn of a session's utterance request, and what its recording adds up to. In a multipart request the
    /// JSON part is <c>turn</c>, and a file part named <c>audio</c> is the turn's recording unless the turn names another.</summary>
    public async Task<(Turn Turn, AudioTally Audio)> ReadTurn(HttpRequest request, CancellationToken ct)
    {
        var (json, parts) = await ReadBody(request, TurnPart, ct);
        var t = Parse<TurnRequest>(json, parts is null ? "body" : TurnPart);
        if (parts is not null && t.Audio is null && parts.ContainsKey(AudioPart)) t = t with { Audio = new AudioRequest(Part: AudioPart) };
        var tally = new AudioTally();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var turn = ToTurn(t, null, parts, used, tally);
        RefuseUnused(parts, used, "the turn's audio (a part named 'audio')");
        return (turn, tally);
    }

    private Turn ToTurn(TurnRequest? t, string? at, IReadOnlyDictionary<string, FilePart>? parts, HashSet<string> used, AudioTally tally)
    {
        string Field(string name) => at is null ? name : $"{at}.{name}";
        if (t is null) throw ApiError.Invalid(at ?? "body", "expected an object {speaker, text, features?, label?, audio?}.");
        if (string.IsNullOrWhiteSpace(t.Speaker)) throw ApiError.Invalid(Field("speaker"), "required: who speaks.");
        if (t.Speaker.Length > ServeOptions.MaxNameChars) throw ApiError.Invalid(Field("speaker"), $"over {ServeOptions.MaxNameChars} characters.");
        if (t.Text is { } text && text.Length > options.MaxTextChars)
            throw ApiError.Invalid(Field("text"), $"{text.Length} characters, over the limit of {options.MaxTextChars} (--max-text-chars).");
        if (t.Text is null && t.Features is null && t.Audio is null)
            throw ApiError.Invalid(Field("text"), "required: what was said (or features, for a model that reads given vectors; or audio, for a model that reads recordings).");
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
                if (audio.ReadsRecordings && (key.Equals(Modality.Audio.Name(), StringComparison.OrdinalIgnoreCase) || key.Equals(Modality.Audio.Letter().ToString(), StringComparison.OrdinalIgnoreCase)))
                    throw ApiError.Invalid(f, $"this model makes its audio vectors from recordings ({audio.FrontEnd} front end): send the turn's recording as audio instead.");
                if (whyNotRead?.Invoke(key) is { } why) throw ApiError.Invalid(f, why);
                if (values is null) throw ApiError.Invalid(f, "expected an array of numbers.");
                for (int i = 0; i < values.Length; i++)
                    if (!float.IsFinite(values[i])) throw ApiError.Invalid($"{f}[{i}]", "not a finite number.");
                features[key] = values;
            }
        }
        var recording = t.Audio is null ? null : ToRecording(t.Audio, Field("audio"), parts, used, tally);
        return new Turn(t.Speaker, t.Text, t.Label, features, recording);
    }

    /// <summary>The recording of a turn's <c>audio</c>, checked: the model reads recordings, the bytes are valid base64
    /// or a file part of the request, within --max-audio-bytes, decodable, and within --max-audio-seconds.</summary>
    private AudioSegment ToRecording(AudioRequest a, string field, IReadOnlyDictionary<string, FilePart>? parts, HashSet<string> used, AudioTally tally)
    {
        if (!audio.ReadsRecordings) throw ApiError.Invalid(field, audio.WhyNoRecordings());
        if (a.Name is { } given && (given.Length == 0 || given.Length > ServeOptions.MaxNameChars))
            throw ApiError.Invalid($"{field}.name", $"must have 1 to {ServeOptions.MaxNameChars} characters.");
        byte[] bytes;
        string? name = a.Name;
        if (a.Base64 is not null && a.Part is not null) throw ApiError.Invalid(field, "give base64 or part, not both.");
        if (a.Part is { } partName)
        {
            if (parts is null)
                throw ApiError.Invalid($"{field}.part", "a file part can only be named in a multipart/form-data request; in JSON send the recording as base64.");
            if (!parts.TryGetValue(partName, out var part))
                throw ApiError.Invalid($"{field}.part", $"the request has no file part named '{Shorten(partName)}'" +
                    (parts.Count == 0 ? "." : $" (it has: {string.Join(", ", parts.Keys.Take(10).Select(Shorten))})."));
            used.Add(partName);
            bytes = part.Bytes;
            name ??= part.FileName is { Length: > 0 and <= ServeOptions.MaxNameChars } file ? file : null;
        }
        else if (a.Base64 is { } encoded)
        {
            var b64 = encoded.AsSpan().Trim();
            if (b64.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                int comma = b64.IndexOf(',');
                if (comma < 0 || !b64[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
                    throw ApiError.Invalid($"{field}.base64", "a data: URL must be base64 (data:audio/wav;base64,…).");
                b64 = b64[(comma + 1)..];
            }
            // the body limit bounds what is decoded here; the recording's own limit is checked on its exact size below
            bytes = new byte[b64.Length / 4 * 3 + 3];
            if (!Convert.TryFromBase64Chars(b64, bytes, out int written))
                throw ApiError.Invalid($"{field}.base64", "not valid base64 (RFC 4648: A–Z, a–z, 0–9, +, /, = padding).");
            Array.Resize(ref bytes, written);
        }
        else throw ApiError.Invalid(field, "expected {\"base64\": …} (the recording's file in base64) or, in a multipart request, {\"part\": NAME}.");

        if (bytes.Length == 0) throw ApiError.Invalid(field, "the recording is empty (0 bytes).");
        if (bytes.Length > options.MaxAudioBytes) throw AudioTooLarge(field, bytes.Length);
        AudioClip clip;
        try
        {
            clip = AudioDecoder.Decode(bytes, name ?? field);
        }
        catch (SureDataException e)
        {
            var problem = e.Message.StartsWith((name ?? field) + ": ", StringComparison.Ordinal) ? e.Message[((name ?? field).Length + 2)..] : e.Message;
            throw ApiError.Invalid(field, (name is null ? "" : $"{Shorten(name)}: ") + ErrorText.OneLine(problem));
        }
        if (clip.Duration > options.MaxAudioSeconds)
            throw new ApiError(StatusCodes.Status413PayloadTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"{field}: the recording lasts {clip.Duration:0.###} s, over the limit of {options.MaxAudioSeconds} s (--max-audio-seconds)."), field);
        tally.Add(bytes.Length, clip.Duration);
        return new AudioSegment(name ?? field) { Bytes = bytes };
    }

    private ApiError AudioTooLarge(string field, long bytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"{field}: the recording has {bytes} bytes, over the limit of {options.MaxAudioBytes} bytes (--max-audio-bytes).", field);

    /// <summary>A file part no turn names is refused, as an unknown field is.</summary>
    private static void RefuseUnused(IReadOnlyDictionary<string, FilePart>? parts, HashSet<string> used, string how)
    {
        if (parts is null) return;
        foreach (var name in parts.Keys)
            if (!used.Contains(name)) throw ApiError.Invalid(Shorten(name), $"a part that no turn uses; name it in {how}.");
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";

    /// <summary>The JSON of the request and, for multipart/form-data, its other parts by name (null for a JSON body):
    /// 413 over the size limit, 415 when it is neither.</summary>
    private async Task<(byte[] Json, Dictionary<string, FilePart>? Parts)> ReadBody(HttpRequest request, string jsonPart, CancellationToken ct)
    {
        var type = request.ContentType;
        bool multipart = type is not null && type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        if (type is not null && !multipart && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
            throw new ApiError(StatusCodes.Status415UnsupportedMediaType,
                $"the body must be JSON (Content-Type: application/json) or multipart/form-data (a '{jsonPart}' JSON part and recordings), not {type}.");
        var bytes = await ReadBounded(request, ct);
        if (!multipart) return (bytes, null);
        if (bytes.Length == 0) throw ApiError.Invalid("body", $"empty; expected a multipart/form-data body with a '{jsonPart}' JSON part.");
        var parts = await ReadParts(type!, bytes, ct);
        if (!parts.Remove(jsonPart, out var json))
            throw ApiError.Invalid(jsonPart, $"required: a multipart request carries the {jsonPart} as JSON in a part named '{jsonPart}'.");
        return (json.Bytes, parts);
    }

    /// <summary>The parts of a multipart/form-data body, by name (each name once; at most --max-turns + 1 parts).</summary>
    private async Task<Dictionary<string, FilePart>> ReadParts(string contentType, byte[] body, CancellationToken ct)
    {
        var boundary = MediaTypeHeaderValue.TryParse(contentType, out var media) ? HeaderUtilities.RemoveQuotes(media.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
            throw ApiError.Invalid("body", "a multipart/form-data body needs a boundary (Content-Type: multipart/form-data; boundary=…).");
        var parts = new Dictionary<string, FilePart>(StringComparer.Ordinal);
        var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false)) { HeadersCountLimit = 16, BodyLengthLimit = body.Length };
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                    throw ApiError.Invalid("body", "every part needs a name (Content-Disposition: form-data; name=\"…\").");
                if (parts.Count > options.MaxTurns) throw ApiError.Invalid("body", $"more than {options.MaxTurns + 1} parts (--max-turns recordings and the JSON).");
                if (parts.ContainsKey(name)) throw ApiError.Invalid(Shorten(name), "a part of this name is given twice.");
                var content = new MemoryStream();
                await section.Body.CopyToAsync(content, ct);
                var file = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                parts[name] = new FilePart(file, content.ToArray());
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw ApiError.Invalid("body", $"not a valid multipart/form-data body ({ErrorText.OneLine(e.Message)}).");
        }
        return parts;
    }

    /// <summary>A part of a multipart body: its file name (when it is a file) and content.</summary>
    private sealed record FilePart(string? FileName, byte[] Bytes);

    /// <summary>The JSON <paramref name="bytes"/> as <typeparamref name="T"/>; 400 naming the field when it does not parse:
    /// malformed JSON (or text that is not UTF-8) names the body and where it broke off, never a field it did not reach;
    /// a value of the wrong type names the field, the type expected and the type given.</summary>
    /// <param name="bytes">the JSON.</param>
    /// <param name="where">what holds it, named in errors about the whole: "body", or a multipart request's JSON part.</param>
    private static T Parse<T>(byte[] bytes, string where) where T : class
    {
        if (bytes.Length == 0) throw ApiError.Invalid(where, "empty; expected a JSON object.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = Json.MaxDepth });
        }
        catch (JsonException e)
        {
            throw ApiError.Invalid(where, Malformed(e));
        }
        using (document)
        {
            try
            {
                return JsonSerializer.Deserialize<T>(bytes, Json) ?? throw ApiError.Invalid(where, "null; expected a JSON object.");
            }
            catch (JsonException e)
            {
                var field = FieldOf(e.Path, where);
                throw ApiError.Invalid(field, Explain(e, field, Find(document.RootElement, e.Path)));
            }
            catch (InvalidOperationException e) when (NotText(e) is { } why)
            {
                throw ApiError.Invalid(where, why);
            }
        }
    }

    /// <summary>Why a string could not be read as text (bytes that are not UTF-8, a lone surrogate escape); null for any
    /// other failure.</summary>
    private static string? NotText(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e.Message.Contains("UTF-8", StringComparison.Ordinal)) return "a string holds bytes that are not UTF-8; send the body as UTF-8 text.";
            if (e.Message.Contains("UTF-16", StringComparison.Ordinal) || e.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase))
                return "a string holds a lone surrogate escape (\\uD800–\\uDFFF without its pair), which is not text.";
        }
        return null;
    }

    /// <summary>The value at a JSON path of the serializer ("$.turns[0].text", "$['odd key']"); null when not found.</summary>
    private static JsonElement? Find(JsonElement root, string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '$') return null;
        var at = root;
        int i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(path[(i + 1)..end], out at)) return null;
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                int end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0 || at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(path[(i + 2)..end], out at)) return null;
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                int end = path.IndexOf(']', i);
                if (end < 0 || at.ValueKind != JsonValueKind.Array || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k >= at.GetArrayLength()) return null;
                at = at[k];
                i = end + 1;
            }
            else return null;
        }
        return at;
    }

    private async Task<byte[]> ReadBounded(HttpRequest request, CancellationToken ct)
    {
        long limit = _bodyLimit;
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
        new(StatusCodes.Status413PayloadTooLarge, $"the request body is over the limit of {_bodyLimit} bytes (--max-request-bytes).", "body");

    /// <summary>"$.turns[0].speaker" → "turns[0].speaker"; "$" → <paramref name="root"/>.</summary>
    private static string FieldOf(string? path, string root)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return root;
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>Malformed JSON in the reader's own words, e.g. "'x' is an invalid start of a value.", with the line and byte.</summary>
    private static string Malformed(JsonException e)
    {
        if (e.Message.Contains("maximum configured depth", StringComparison.Ordinal)) return "nested too deeply.";
        if (NotText(e) is { } why) return why;
        var m = e.Message;
        var cut = m.IndexOf(" Path:", StringComparison.Ordinal);
        var cut2 = m.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0 || (cut2 >= 0 && cut2 < cut)) cut = cut2;
        var text = (cut > 0 ? m[..cut] : m).Trim().TrimEnd('|').Trim();
        return $"not valid JSON: {text}" + (e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})." : "");
    }

    /// <summary>The type a field of the API takes, by its name (the last part of its path).</summary>
    private static string? Expected(string field)
    {
        var last = field[(field.LastIndexOf('.') + 1)..];
        if (field is "body" or ConversationPart or TurnPart) return null;
        if (field.Contains(".features.", StringComparison.Ordinal) || field.StartsWith("features.", StringComparison.Ordinal))
            return last.EndsWith(']') ? "a number" : "an array of numbers";
        if (last.EndsWith(']')) return last.StartsWith("turns[", StringComparison.Ordinal) ? "an object {speaker, text, features?, label?, audio?}" : null;
        return last switch
        {
            "id" or "speaker" or "text" or "label" or "base64" or "part" or "name" => "a string",
            "turns" => "an array of turns",
            "features" => "an object of vectors by modality, e.g. {\"text\": [0.1, 0.2]}",
            "audio" => "an object {\"base64\": …} or {\"part\": NAME}",
            _ => null,
        };
    }

    private static string KindOf(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>What is wrong with a document that parsed, in words, without .NET type names: an unknown field, or a
    /// value of the wrong type ("expected a string, got a number").</summary>
    private static string Explain(JsonException e, string field, JsonElement? value)
    {
        if (NotText(e) is { } why) return why;
        var m = e.Message;
        if (m.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var start = m.IndexOf('\'') + 1;
            var name = start > 0 ? m[start..m.IndexOf('\'', start)] : "?";
            return $"unknown field '{name}'.";
        }
        if (m.Contains("could not be converted to", StringComparison.Ordinal) && Expected(field) is { } expected)
            return $"expected {expected}" + (value is { } v ? $", got {KindOf(v)}." : ".");
        if (m.Contains("could not be converted to", StringComparison.Ordinal))
            return m.Contains("System.Single", StringComparison.Ordinal) ? "expected a number." :
                m.Contains("System.String", StringComparison.Ordinal) ? "expected a string." :
                m.Contains("[]", StringComparison.Ordinal) || m.Contains("List`1", StringComparison.Ordinal) ? "expected an array." :
                m.Contains("Dictionary`2", StringComparison.Ordinal) || m.Contains("Request", StringComparison.Ordinal) ? "expected an object." :
                "a value of the wrong type.";
        return Malformed(e);
    }
}

/// <summary>What the served model does with audio: reads recordings through an audio front end, reads given audio vectors
/// (features.audio), or does not read audio at all.</summary>
/// <param name="FrontEnd">the kind of the model's audio front end ("descriptors", "logmel-cnn"); null when it has none.</param>
/// <param name="ReadsAudio">whether the model's modalities include audio.</param>
/// <param name="Dim">the size of its audio vectors.</param>
/// <param name="ModalityNames">the model's modalities, for messages.</param>
internal sealed record AudioSupport(string? FrontEnd, bool ReadsAudio, int Dim, string ModalityNames)
{
    /// <summary>Whether turns may carry recordings.</summary>
    public bool ReadsRecordings => FrontEnd is not null && ReadsAudio;

    public static AudioSupport Of(SurePredictor predictor)
    {
        var m = predictor.Manifest;
        var used = Modalities.Parse(m.Modalities);
        var frontEnd = m.FrontEnds?.FirstOrDefault(f => f.Modality == Modality.Audio.Name())?.Kind;
        return new AudioSupport(frontEnd, used.Contains(Modality.Audio), m.Dims.GetValueOrDefault(Modality.Audio.Name()), string.Join(", ", used.Select(x => x.Name())));
    }

    /// <summary>Why a turn's recording is refused (one line).</summary>
    public string WhyNoRecordings() => ReadsAudio
        ? $"this model has no audio front end: it reads audio as given vectors of {Dim} values (features.audio), not recordings."
        : $"this model does not read audio (modalities: {ModalityNames}); leave audio out.";
}

/// <summary>What the recordings of one request add up to (for the metrics).</summary>
internal sealed class AudioTally
{
    public int Turns { get; private set; }
    public long Bytes { get; private set; }
    public double Seconds { get; private set; }

    public void Add(long bytes, double seconds)
    {
        Turns++;
        Bytes += bytes;
        Seconds += seconds;
    }
}
