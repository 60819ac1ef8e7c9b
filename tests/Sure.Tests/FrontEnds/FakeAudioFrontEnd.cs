using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Sure.Data;
using Sure.Errors;
using Sure.FrontEnds;

namespace Sure.Tests.FrontEnds;

/// <summary>
/// A front end that exists only in the tests: its "recordings" are text files of numbers; the vector is those numbers
/// times a scale it learns on the training split (the mean absolute value of the training vectors' first number), so the
/// model file must carry what it learned. Registered in a test catalog only, it proves a new front end needs no other code.
/// </summary>
internal sealed class FakeAudioFrontEnd(double scale, int dim) : IFrontEnd
{
    public const string KindName = "fake-audio";
    public double Scale => scale;
    public string Kind => KindName;
    public Modality Modality => Modality.Audio;
    public int Dim => dim;
    public JsonObject Describe() => new() { ["scale"] = scale };

    internal static float[] Read(AudioSegment a, string dialogue, int index)
    {
        if (!File.Exists(a.Path)) throw new SureDataException("no such recording.", a.Path, dialogue, index);
        return [.. File.ReadAllText(a.Path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, CultureInfo.InvariantCulture))];
    }

    public float[]?[] Encode(IReadOnlyList<Utterance> utterances, string dialogueId, int firstIndex = 0) =>
        [.. utterances.Select((u, i) => u.Audio is { } a ? Read(a, dialogueId, firstIndex + i).Select(x => (float)(x / scale)).ToArray() : null)];

    public void WriteTo(ZipArchive zip, string prefix)
    {
        using var w = new StreamWriter(zip.CreateEntry(prefix + "fake.txt").Open());
        w.Write(scale.ToString("R", CultureInfo.InvariantCulture) + " " + dim.ToString(CultureInfo.InvariantCulture));
    }

    public void Dispose() { }
}

/// <summary>Registers <see cref="FakeAudioFrontEnd"/>.</summary>
internal sealed class FakeAudioFrontEndKind : IFrontEndKind
{
    public string Kind => FakeAudioFrontEnd.KindName;
    public Modality Modality => Modality.Audio;
    public string Description => "numbers in text files (tests only)";

    public IFrontEnd Fit(ConversationDataset dataset, FrontEndContext context)
    {
        var train = dataset.In(Split.Train).SelectMany(d => d.Utterances.Select((u, i) => (u, d.Id, i))).Where(x => x.u.Audio is not null)
            .Select(x => FakeAudioFrontEnd.Read(x.u.Audio!, x.Id, x.i)).ToList();
        var fe = new FakeAudioFrontEnd(train.Average(v => Math.Abs(v[0])), train[0].Length);
        foreach (var d in dataset.Dialogues)
        {
            var v = fe.Encode(d.Utterances, d.Id);
            for (int i = 0; i < d.Count; i++) d.Utterances[i][Modality.Audio] = v[i];
        }
        return fe;
    }

    public IFrontEnd Read(ZipArchive zip, string prefix, JsonObject description, string path, FrontEndRuntime runtime)
    {
        var e = zip.GetEntry(prefix + "fake.txt") ?? throw new SureDataException($"entry '{prefix}fake.txt' is missing.", path);
        using var r = new StreamReader(e.Open());
        var parts = r.ReadToEnd().Split(' ');
        return new FakeAudioFrontEnd(double.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
