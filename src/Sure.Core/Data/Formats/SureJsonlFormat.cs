using System.Text.Json;
using Sure.Errors;
using Sure.IO;

namespace Sure.Data.Formats;

/// <summary>
/// Reads "sure-jsonl": one JSON object per line, each a dialogue
/// <c>{"id", "split"?, "utterances": [{"speaker", "text"?, "label"?, "features"?, "feature_ref"?}]}</c>, optionally
/// preceded by a header line <c>{"sure_format": 1, "classes": [...], "name"?, "identity"?, "feature_store"?}</c>.
/// With a feature store (safetensors beside the file), utterance i of dialogue d takes row i of the tensors
/// "d/text", "d/audio", "d/visual"; <c>"feature_ref": "key:row"</c> points elsewhere; inline features win.
/// An utterance's <c>"audio"</c> (or its dialogue's, cut by the utterance's <c>"start"</c>/<c>"end"</c> in seconds) is a
/// recording path relative to the file's folder or absolute; it becomes <see cref="Utterance.Audio"/> with an absolute
/// path, and the recording must exist.
/// </summary>
internal static class SureJsonlFormat
{
    public const int Version = 1;

    public static bool LooksLikeJsonl(string path)
    {
        using var reader = new StreamReader(path);
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (char.IsWhiteSpace((char)c) || c == '\uFEFF') continue;
            return c == '{';
        }
        return false;
    }

    public static ConversationDataset Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SureUserException($"Cannot read '{path}': {e.Message}", e);
        }
        JsonlHeader? header = null;
        var inferredClasses = new List<string>();
        var dialogues = new List<Dialogue>();
        var pendingLabels = new List<PendingLabel>();
        int? intLabelLine = null;
        foreach (var d in ReadDialogues(lines, path, h => header = h))
        {
            dialogues.Add(d.Dialogue);
            pendingLabels.AddRange(d.StringLabels);
            if (d.HasIntLabels) intLabelLine ??= d.Line;
        }
        var classes = header?.Classes;
        foreach (var (u, label, line, dialogue, index) in pendingLabels)
        {
            if (classes is null)
            {
                if (!inferredClasses.Contains(label)) inferredClasses.Add(label);
                u.Label = inferredClasses.IndexOf(label);
            }
            else
            {
                u.Label = Array.IndexOf(classes, label);
                if (u.Label < 0) throw new SureDataException($"line {line}: label '{label}' is not one of the header's classes ({string.Join(", ", classes)})", path, dialogue, index);
            }
        }
        if (classes is null && intLabelLine is { } intLine)
            throw new SureDataException($"line {intLine}: integer labels need a header line with \"classes\"", path);
        return new ConversationDataset
        {
            Name = header?.Name ?? System.IO.Path.GetFileNameWithoutExtension(path),
            Identity = header?.Identity,
            Format = DatasetFormats.SureJsonl,
            Source = path,
            ClassNames = classes ?? inferredClasses.ToArray(),
            Dialogues = dialogues,
        };
    }

    /// <summary>The header line's settings.</summary>
    internal sealed record JsonlHeader(string[]? Classes, string? Name, string? Identity = null);

    /// <summary>A string label of an utterance, resolved to a class index once every class is known.</summary>
    internal sealed record PendingLabel(Utterance Utterance, string Label, int Line, string Dialogue, int Index);

    /// <summary>One dialogue line: the dialogue (integer labels set, string labels pending) and its 1-based line.</summary>
    internal sealed record JsonlDialogue(int Line, Dialogue Dialogue, IReadOnlyList<PendingLabel> StringLabels)
    {
        public bool HasIntLabels => Dialogue.Utterances.Any(u => u.Label >= 0);
    }

    /// <summary>
    /// The dialogues of <paramref name="lines"/>, parsed as they are enumerated (one dialogue in memory at a time);
    /// <paramref name="onHeader"/> is called with the header line when there is one. <paramref name="path"/> names the
    /// input in errors and locates the feature store.
    /// </summary>
    internal static IEnumerable<JsonlDialogue> ReadDialogues(IEnumerable<string> lines, string path, Action<JsonlHeader> onHeader)
    {
        SafeTensorsFile? store = null;
        var baseDir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        try
        {
            var sawContent = false;
            var lineNo = 0;
            foreach (var line in lines)
            {
                lineNo++;
                var text = line.Trim().TrimStart('\uFEFF');
                if (text.Length == 0) continue;
                var at = lineNo;
                SureDataException Bad(string problem, string? dialogue = null, int? utt = null) => new($"line {at}: {problem}", path, dialogue, utt);
                JsonDocument doc;
                try { doc = JsonDocument.Parse(text); }
                catch (JsonException e) { throw Bad($"not valid JSON ({e.Message})"); }
                using (doc)
                {
                    var root = doc.RootElement;
                    if (root.ValueKind != JsonValueKind.Object) throw Bad("each line must be a JSON object");
                    if (root.TryGetProperty("sure_format", out var fmt))
                    {
                        if (sawContent) throw Bad("the header line must come first");
                        sawContent = true;
                        var (header, headerStore) = ReadHeader(root, fmt, path, Bad);
                        store = headerStore;
                        onHeader(header);
                        continue;
                    }
                    sawContent = true;
                    var pending = new List<PendingLabel>();
                    var dialogue = ReadDialogue(root, store, baseDir, Bad, pending, lineNo);
                    yield return new JsonlDialogue(lineNo, dialogue, pending);
                }
            }
        }
        finally
        {
            store?.Dispose();
        }
    }

    private static (JsonlHeader Header, SafeTensorsFile? Store) ReadHeader(JsonElement root, JsonElement fmt, string path, Func<string, string?, int?, SureDataException> bad)
    {
        if (!fmt.TryGetInt32(out var version) || version != Version)
            throw bad($"unsupported sure_format {fmt.GetRawText()} (this version reads {Version})", null, null);
        string[]? classes = null;
        if (root.TryGetProperty("classes", out var cls))
        {
            if (cls.ValueKind != JsonValueKind.Array) throw bad("\"classes\" must be an array of strings", null, null);
            classes = cls.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : throw bad("\"classes\" must be an array of strings", null, null)).ToArray();
            if (classes.Distinct().Count() != classes.Length) throw bad("\"classes\" lists a class twice", null, null);
        }
        string? name = root.TryGetProperty("name", out var nm) && nm.ValueKind == JsonValueKind.String ? nm.GetString() : null;
        string? identity = root.TryGetProperty("identity", out var idn) && idn.ValueKind == JsonValueKind.String ? idn.GetString() : null;
        if (identity is not null && !DatasetIdentity.IsKnown(identity))
            throw bad($"\"identity\" must be one of {string.Join(", ", DatasetIdentity.All)}, not \"{identity}\"", null, null);
        if (!root.TryGetProperty("feature_store", out var fs)) return (new JsonlHeader(classes, name, identity), null);
        if (fs.ValueKind != JsonValueKind.String) throw bad("\"feature_store\" must be a file name", null, null);
        var storePath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, fs.GetString()!);
        if (!File.Exists(storePath)) throw bad($"the feature store '{storePath}' does not exist", null, null);
        return (new JsonlHeader(classes, name, identity), SafeTensorsFile.Open(storePath));
    }

    private static Dialogue ReadDialogue(JsonElement root, SafeTensorsFile? store, string baseDir, Func<string, string?, int?, SureDataException> bad,
        List<PendingLabel> pendingLabels, int lineNo)
    {
        if (!root.TryGetProperty("id", out var idEl) || idEl.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(idEl.GetString()))
            throw bad("a dialogue needs a non-empty string \"id\"", null, null);
        var id = idEl.GetString()!;
        var split = Split.Train;
        if (root.TryGetProperty("split", out var sp))
        {
            split = (sp.ValueKind == JsonValueKind.String ? sp.GetString() : null) switch
            {
                "train" => Split.Train,
                "valid" or "dev" or "validation" => Split.Valid,
                "test" => Split.Test,
                _ => throw bad($"\"split\" must be \"train\", \"valid\" or \"test\", found {sp.GetRawText()}", id, null),
            };
        }
        if (!root.TryGetProperty("utterances", out var utts) || utts.ValueKind != JsonValueKind.Array)
            throw bad("a dialogue needs an \"utterances\" array", id, null);
        string? dialogueAudio = null;
        if (root.TryGetProperty("audio", out var da) && da.ValueKind != JsonValueKind.Null)
            dialogueAudio = da.ValueKind == JsonValueKind.String
                ? AudioFields.Resolve(da.GetString()!, baseDir, p => bad(p, id, null))
                : throw bad("\"audio\" must be a non-empty path", id, null);
        var dialogue = new Dialogue { Id = id, Split = split };
        var cache = new Dictionary<string, float[][]?>(StringComparer.Ordinal);
        float[][]? Tensor(string key)
        {
            if (store is null) return null;
            if (!cache.TryGetValue(key, out var rows))
                cache[key] = rows = store.Tensors.ContainsKey(key) ? store.ReadMatrix(key) : null;
            return rows;
        }
        var i = 0;
        foreach (var u in utts.EnumerateArray())
        {
            if (u.ValueKind != JsonValueKind.Object) throw bad("an utterance must be a JSON object", id, i);
            var speaker = u.TryGetProperty("speaker", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
            if (u.TryGetProperty("speaker", out s) && s.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                throw bad("\"speaker\" must be a string", id, i);
            string? text = null;
            if (u.TryGetProperty("text", out var t))
                text = t.ValueKind switch
                {
                    JsonValueKind.String => t.GetString(),
                    JsonValueKind.Null => null,
                    _ => throw bad("\"text\" must be a string", id, i),
                };
            var at = i;
            string? ownAudio = null;
            if (u.TryGetProperty("audio", out var au) && au.ValueKind != JsonValueKind.Null)
                ownAudio = au.ValueKind == JsonValueKind.String
                    ? AudioFields.Resolve(au.GetString()!, baseDir, p => bad(p, id, at))
                    : throw bad("\"audio\" must be a non-empty path", id, i);
            var audio = AudioFields.Segment(ownAudio ?? dialogueAudio, Seconds(u, "start", id, i, bad), Seconds(u, "end", id, i, bad), p => bad(p, id, at));
            var utterance = new Utterance { Speaker = speaker, Text = text, Audio = audio };
            if (u.TryGetProperty("label", out var lab))
            {
                switch (lab.ValueKind)
                {
                    case JsonValueKind.Number when lab.TryGetInt32(out var li):
                        utterance.Label = li;
                        break;
                    case JsonValueKind.String:
                        pendingLabels.Add(new PendingLabel(utterance, lab.GetString()!, lineNo, id, i));
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        throw bad("\"label\" must be a class name, a class index or null", id, i);
                }
            }
            var refKey = id;
            var refRow = i;
            if (u.TryGetProperty("feature_ref", out var fr))
            {
                var r = fr.ValueKind == JsonValueKind.String ? fr.GetString()! : throw bad("\"feature_ref\" must be a string \"key:row\"", id, i);
                var colon = r.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(r[(colon + 1)..], out refRow) || refRow < 0)
                    throw bad($"\"feature_ref\" '{r}' must look like \"key:row\"", id, i);
                if (store is null) throw bad("\"feature_ref\" needs a \"feature_store\" in the header", id, i);
                refKey = r[..colon];
            }
            if (u.TryGetProperty("features", out var feats) && feats.ValueKind != JsonValueKind.Null)
            {
                if (feats.ValueKind != JsonValueKind.Object) throw bad("\"features\" must be an object {\"text\": [...], ...}", id, i);
                foreach (var f in feats.EnumerateObject())
                {
                    var modality = f.Name switch
                    {
                        "text" => Modality.Text,
                        "audio" => Modality.Audio,
                        "visual" => Modality.Visual,
                        _ => throw bad($"unknown modality \"{f.Name}\" in \"features\" (use text, audio, visual)", id, i),
                    };
                    if (f.Value.ValueKind == JsonValueKind.Null) continue;
                    if (f.Value.ValueKind != JsonValueKind.Array) throw bad($"\"features\".\"{f.Name}\" must be an array of numbers", id, i);
                    var vec = new float[f.Value.GetArrayLength()];
                    var k = 0;
                    foreach (var x in f.Value.EnumerateArray())
                        vec[k++] = x.ValueKind == JsonValueKind.Number ? x.GetSingle() : throw bad($"\"features\".\"{f.Name}\" holds a non-number", id, i);
                    utterance[modality] = vec;
                }
            }
            foreach (var m in Modalities.All)
            {
                if (utterance[m] is not null) continue;
                var rows = Tensor($"{refKey}/{m.Name()}");
                if (rows is null) continue;
                if (refRow >= rows.Length) throw bad($"feature store tensor '{refKey}/{m.Name()}' has {rows.Length} rows, no row {refRow}", id, i);
                utterance[m] = rows[refRow];
            }
            dialogue.Utterances.Add(utterance);
            i++;
        }
        if (store is not null)
            foreach (var m in Modalities.All)
                if (Tensor($"{id}/{m.Name()}") is { } rows && rows.Length != dialogue.Count)
                    throw bad($"feature store tensor '{id}/{m.Name()}' has {rows.Length} rows for {dialogue.Count} utterances", id, null);
        return dialogue;
    }

    /// <summary>The number of seconds in <paramref name="name"/> ("start"/"end"), null when absent or null.</summary>
    private static double? Seconds(JsonElement u, string name, string dialogue, int index, Func<string, string?, int?, SureDataException> bad)
    {
        if (!u.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var x)
            ? x
            : throw bad($"\"{name}\" must be a number of seconds, found {v.GetRawText()}", dialogue, index);
    }
}
