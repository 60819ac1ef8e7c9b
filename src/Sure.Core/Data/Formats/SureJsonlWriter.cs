using System.Text.Json;
using System.Text.Encodings.Web;
using Sure.IO;

namespace Sure.Data.Formats;

/// <summary>
/// Writes a dataset as sure-jsonl (see <see cref="SureJsonlFormat"/>), atomically (temp file + rename). With
/// <c>featureStore</c>, features go to "&lt;name&gt;.safetensors" beside the .jsonl, one float32 [N, D] tensor per
/// (dialogue, modality) named "&lt;dialogue id&gt;/&lt;modality&gt;"; a dialogue whose utterances do not all carry a
/// modality keeps that modality inline. Recordings (<see cref="Utterance.Audio"/>) are written as <c>"audio"</c>,
/// <c>"start"</c>, <c>"end"</c>: relative to the output file's folder when the recording lies in it or below it, else
/// absolute; a recording every utterance of a dialogue shares (2 or more utterances) is written once, on the dialogue.
/// </summary>
public static class SureJsonlWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="dataset"/> to <paramref name="path"/>; returns the feature store path, if one was written.</summary>
    public static string? Write(ConversationDataset dataset, string path, bool featureStore = false)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string? storePath = null;
        var stored = new HashSet<(string, Modality)>();
        if (featureStore)
        {
            var tensors = new List<(string, float[][])>();
            foreach (var d in dataset.Dialogues)
                foreach (var m in Modalities.All)
                    if (d.Count > 0 && d.Utterances.All(u => u[m] is not null))
                    {
                        tensors.Add(($"{d.Id}/{m.Name()}", d.Utterances.Select(u => u[m]!).ToArray()));
                        stored.Add((d.Id, m));
                    }
            if (tensors.Count > 0)
            {
                storePath = Path.ChangeExtension(full, ".safetensors");
                Sure.IO.AtomicFile.Write(storePath, tmp => SafeTensorsWriter.Write(tmp, tensors,
                    new Dictionary<string, string> { ["format"] = "sure-features", ["dataset"] = dataset.Name }));
            }
        }
        Sure.IO.AtomicFile.Write(full, tmp =>
        {
            using var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            var newline = "\n"u8.ToArray();
            WriteLine(stream, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("sure_format", SureJsonlFormat.Version);
                w.WriteString("name", dataset.Name);
                if (dataset.Identity is not null) w.WriteString("identity", dataset.Identity);
                w.WriteStartArray("classes");
                foreach (var c in dataset.ClassNames) w.WriteStringValue(c);
                w.WriteEndArray();
                if (storePath is not null) w.WriteString("feature_store", Path.GetFileName(storePath));
                w.WriteEndObject();
            });
            foreach (var d in dataset.Dialogues)
            {
                WriteLine(stream, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("id", d.Id);
                    w.WriteString("split", SplitAssignment.Name(d.Split));
                    var shared = SharedRecording(d);
                    if (shared is not null) w.WriteString("audio", AudioFields.PathFor(shared, dir));
                    w.WriteStartArray("utterances");
                    foreach (var u in d.Utterances)
                    {
                        w.WriteStartObject();
                        w.WriteString("speaker", u.Speaker);
                        if (u.Text is not null) w.WriteString("text", u.Text);
                        if (u.Audio is { } a)
                        {
                            if (shared is null) w.WriteString("audio", AudioFields.PathFor(a.Path, dir));
                            if (a.Start is { } start) w.WriteNumber("start", start);
                            if (a.End is { } end) w.WriteNumber("end", end);
                        }
                        if (u.Label >= 0 && u.Label < dataset.ClassCount) w.WriteString("label", dataset.ClassNames[u.Label]);
                        else if (u.Label >= 0) w.WriteNumber("label", u.Label);
                        var inline = Modalities.All.Where(m => u[m] is not null && !stored.Contains((d.Id, m))).ToArray();
                        if (inline.Length > 0)
                        {
                            w.WriteStartObject("features");
                            foreach (var m in inline)
                            {
                                w.WriteStartArray(m.Name());
                                foreach (var x in u[m]!) w.WriteNumberValue(x);
                                w.WriteEndArray();
                            }
                            w.WriteEndObject();
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
        });
        return storePath;
    }

    /// <summary>The recording every utterance of <paramref name="d"/> cuts, when it has 2 or more utterances that all name the same one; else null.</summary>
    private static string? SharedRecording(Dialogue d)
    {
        if (d.Count < 2 || d.Utterances[0].Audio is not { } first) return null;
        return d.Utterances.All(u => u.Audio is { } a && string.Equals(a.Path, first.Path, StringComparison.Ordinal)) ? first.Path : null;
    }

    private static void WriteLine(Stream stream, Action<Utf8JsonWriter> write)
    {
        using (var w = new Utf8JsonWriter(stream, JsonOptions)) write(w);
        stream.WriteByte((byte)'\n');
    }
}
