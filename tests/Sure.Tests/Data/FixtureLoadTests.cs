using System.Text.Json;
using Sure.Data;
using Sure.Data.Formats;

namespace Sure.Tests.Data;

/// <summary>Every fixture pickle loads to exactly what ../shared/data/fixtures/expected.json says.</summary>
public class FixtureLoadTests
{
    public static TheoryData<string> Fixtures => new()
    {
        "sdt_iemocap_py2.pkl", "sdt_iemocap_p4.pkl", "sdt_meld_p2.pkl", "sdt_meld_p5.pkl", "mmgcn_iemocap_py2.pkl",
    };

    [SharedDataTheory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_loads_as_expected(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("fixtures/expected.json")));
        var e = doc.RootElement.GetProperty(file);
        var ds = DatasetLoader.Load(SharedData.PathOf("fixtures/" + file));

        var layout = e.GetProperty("layout").GetString();
        var expectedFormat = layout switch
        {
            "sdt-iemocap-12" => DatasetFormats.SdtIemocapPickle,
            "sdt-meld-13" => DatasetFormats.SdtMeldPickle,
            "mmgcn-iemocap-9" => DatasetFormats.MmgcnIemocapPickle,
            _ => throw new InvalidOperationException(layout),
        };
        Assert.Equal(expectedFormat, ds.Format);
        Assert.Equal(layout.Contains("meld") ? DatasetIdentity.Meld : DatasetIdentity.Iemocap, ds.Identity);
        Assert.Equal(layout!.Contains("meld") ? EmotionClasses.Meld : EmotionClasses.Iemocap, ds.ClassNames);
        Assert.Equal(e.GetProperty("dialogues").GetInt32(), ds.Dialogues.Count);
        Assert.Equal(e.GetProperty("utterances").GetInt32(), ds.Dialogues.Sum(d => d.Count));
        Assert.Equal(e.GetProperty("train_dialogues").GetInt32(), ds.In(Split.Train).Count());
        Assert.Equal(e.GetProperty("test_dialogues").GetInt32(), ds.In(Split.Test).Count());
        Assert.Empty(ds.In(Split.Valid));
        var dims = e.GetProperty("dims");
        Assert.Equal(dims.GetProperty("text").GetInt32(), ds.Dim(Modality.Text));
        Assert.Equal(dims.GetProperty("audio").GetInt32(), ds.Dim(Modality.Audio));
        Assert.Equal(dims.GetProperty("visual").GetInt32(), ds.Dim(Modality.Visual));

        var first = e.GetProperty("first_dialogue");
        var d0 = ds.Dialogues[0];
        var id = first.GetProperty("id");
        Assert.Equal(id.ValueKind == JsonValueKind.Number ? id.GetInt32().ToString() : id.GetString(), d0.Id);
        Assert.Equal(first.GetProperty("length").GetInt32(), d0.Count);
        var speakers = first.GetProperty("speakers").EnumerateArray().Select(s =>
            s.ValueKind == JsonValueKind.String ? s.GetString()! : $"S{s.EnumerateArray().Select(x => x.GetInt32()).ToList().IndexOf(1)}").ToArray();
        Assert.Equal(speakers, d0.Utterances.Select(u => u.Speaker).ToArray());
        Assert.Equal(first.GetProperty("labels").EnumerateArray().Select(x => x.GetInt32()).ToArray(), d0.Utterances.Select(u => u.Label).ToArray());
        foreach (var m in Modalities.All)
        {
            var expected = first.GetProperty("first_values").GetProperty(m.Name()).EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var actual = d0.Utterances[0][m]!;
            for (var i = 0; i < expected.Length; i++)
                Assert.Equal((float)expected[i], actual[i]);
        }
    }
}
