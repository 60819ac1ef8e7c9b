using System.IO.Compression;
using System.Text.Json.Nodes;
using Sure.Data;
using Sure.Errors;

namespace Sure.FrontEnds;

/// <summary>
/// Front ends of one modality side by side: an utterance's vector is its parts' vectors one after the other (e.g.
/// "descriptors+logmel-cnn"). Each part keeps its own entries in the model file, under <c>{prefix}{index}-{kind}/</c>.
/// </summary>
public sealed class ConcatFrontEnd : IFrontEnd
{
    private readonly IFrontEnd[] _parts;

    public ConcatFrontEnd(string kind, IReadOnlyList<IFrontEnd> parts)
    {
        if (parts.Count < 2 || parts.Any(p => p.Modality != parts[0].Modality))
            throw new ArgumentException("a concatenation needs two or more front ends of one modality.", nameof(parts));
        Kind = kind;
        _parts = [.. parts];
    }

    public IReadOnlyList<IFrontEnd> Parts => _parts;
    public string Kind { get; }
    public Modality Modality => _parts[0].Modality;
    public int Dim => _parts.Sum(p => p.Dim);
    public bool Streamable => _parts.All(p => p.Streamable);

    public JsonObject Describe() => new()
    {
        ["parts"] = new JsonArray([.. _parts.Select(p => (JsonNode)new JsonObject { ["kind"] = p.Kind, ["dim"] = p.Dim, ["settings"] = p.Describe() })]),
    };

    /// <summary>The parts' vectors of each utterance joined; null when a part has none for it.</summary>
    internal static float[]?[] Join(IReadOnlyList<float[]?[]> parts, int count)
    {
        var result = new float[]?[count];
        for (int i = 0; i < count; i++)
            result[i] = parts.Any(p => p[i] is null) ? null : [.. parts.SelectMany(p => p[i]!)];
        return result;
    }

    public float[]?[] Encode(IReadOnlyList<Utterance> utterances, string dialogueId, int firstIndex = 0) =>
        Join([.. _parts.Select(p => p.Encode(utterances, dialogueId, firstIndex))], utterances.Count);

    /// <summary>Each part encodes all conversations at once (<see cref="IFrontEnd.EncodeMany"/>); joined per conversation.</summary>
    public float[]?[][] EncodeMany(IReadOnlyList<ConversationSlice> conversations)
    {
        var parts = _parts.Select(p => p.EncodeMany(conversations)).ToArray();
        return [.. conversations.Select((c, k) => Join([.. parts.Select(p => p[k])], c.Utterances.Count))];
    }

    internal static string PartPrefix(string prefix, int index, string kind) => $"{prefix}{index}-{kind}/";

    public void WriteTo(ZipArchive zip, string prefix)
    {
        for (int i = 0; i < _parts.Length; i++) _parts[i].WriteTo(zip, PartPrefix(prefix, i, _parts[i].Kind));
    }

    public void Dispose()
    {
        foreach (var p in _parts) p.Dispose();
    }
}

/// <summary>Registers the concatenation of <paramref name="parts"/> under their names joined by "+".</summary>
public sealed class ConcatFrontEndKind(params IFrontEndKind[] parts) : IFrontEndKind
{
    public string Kind => string.Join("+", parts.Select(p => p.Kind));
    public Modality Modality => parts[0].Modality;
    public string Description => string.Join(", followed by ", parts.Select(p => p.Description));
    public bool UsesLabels => parts.Any(p => p.UsesLabels);
    /// <summary>The first part's preset (it makes the leading part of the vector), under this kind's name.</summary>
    public InputPreset? Preset => parts[0].Preset?.For(Kind);
    public string SettingsKey(Configuration.SureConfig config) => string.Join(" | ", parts.Select(p => p.SettingsKey(config)));

    public IFrontEnd Fit(ConversationDataset dataset, FrontEndContext context)
    {
        var utterances = dataset.Dialogues.SelectMany(d => d.Utterances).ToList();
        var fitted = new List<IFrontEnd>();
        var vectors = new List<float[]?[]>();
        try
        {
            foreach (var p in parts)
            {
                fitted.Add(p.Fit(dataset, context));
                vectors.Add([.. utterances.Select(u => u[Modality])]);
            }
        }
        catch
        {
            foreach (var f in fitted) f.Dispose();
            throw;
        }
        var joined = ConcatFrontEnd.Join(vectors, utterances.Count);
        for (int i = 0; i < utterances.Count; i++) utterances[i][Modality] = joined[i];
        return new ConcatFrontEnd(Kind, fitted);
    }

    public IFrontEnd Read(ZipArchive zip, string prefix, JsonObject description, string path, FrontEndRuntime runtime)
    {
        var described = description["parts"]?.AsArray() ?? throw new SureDataException($"the front end '{Kind}' lists no parts.", path);
        if (described.Count != parts.Length || described.Select(d => d?["kind"]?.GetValue<string>()).Where((k, i) => k != parts[i].Kind).Any())
            throw new SureDataException($"the front end '{Kind}' in the file has the parts {string.Join("+", described.Select(d => d?["kind"]?.GetValue<string>()))}.", path);
        var read = new List<IFrontEnd>();
        try
        {
            for (int i = 0; i < parts.Length; i++)
                read.Add(parts[i].Read(zip, ConcatFrontEnd.PartPrefix(prefix, i, parts[i].Kind), described[i]?["settings"]?.AsObject() ?? [], path, runtime));
        }
        catch
        {
            foreach (var f in read) f.Dispose();
            throw;
        }
        return new ConcatFrontEnd(Kind, read);
    }
}
