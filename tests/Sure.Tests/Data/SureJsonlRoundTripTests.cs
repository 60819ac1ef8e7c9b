using Sure.Data;
using Sure.Data.Formats;
using Sure.IO;

namespace Sure.Tests.Data;

public class SureJsonlRoundTripTests
{
    private static ConversationDataset Sample() => new()
    {
        Name = "tiny",
        Format = "test",
        ClassNames = ["pos", "neg", "neu"],
        Dialogues =
        [
            new Dialogue
            {
                Id = "a/1", Split = Split.Train, Utterances =
                [
                    new Utterance { Speaker = "A", Label = 0, Text = "hi \"there\" ’", Features = [[1f, 2.5f], [0.1f, 0.2f, 0.3f], [1e-8f]] },
                    new Utterance { Speaker = "B", Label = 2, Text = "line\nbreak", Features = [[3f, -4f], [1f, 1f, 1f], [float.MaxValue]] },
                ],
            },
            new Dialogue
            {
                Id = "b", Split = Split.Valid, Utterances =
                [
                    new Utterance { Speaker = "C", Label = -1, Text = null, Features = [[5f, 6f], [0f, 0f, 0f], [-0f]] },
                ],
            },
            new Dialogue
            {
                Id = "c", Split = Split.Test, Utterances =
                [
                    new Utterance { Speaker = "A", Label = 1, Text = "x", Features = [[7f, 8f], [2f, 2f, 2f], [3f]] },
                ],
            },
        ],
    };

    private static void AssertSame(ConversationDataset expected, ConversationDataset actual)
    {
        Assert.Equal(expected.ClassNames, actual.ClassNames);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Dialogues.Count, actual.Dialogues.Count);
        for (var d = 0; d < expected.Dialogues.Count; d++)
        {
            var e = expected.Dialogues[d];
            var a = actual.Dialogues[d];
            Assert.Equal(e.Id, a.Id);
            Assert.Equal(e.Split, a.Split);
            Assert.Equal(e.Count, a.Count);
            for (var i = 0; i < e.Count; i++)
            {
                Assert.Equal(e.Utterances[i].Speaker, a.Utterances[i].Speaker);
                Assert.Equal(e.Utterances[i].Label, a.Utterances[i].Label);
                Assert.Equal(e.Utterances[i].Text, a.Utterances[i].Text);
                foreach (var m in Modalities.All) Assert.Equal(e.Utterances[i][m], a.Utterances[i][m]);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_then_load_gives_the_same_dataset(bool featureStore)
    {
        using var tmp = new TempDir();
        var path = tmp.File("out.jsonl");
        var store = DatasetWriter.Write(Sample(), path, featureStore);
        Assert.Equal(featureStore, store is not null);
        if (featureStore) Assert.True(File.Exists(tmp.File("out.safetensors")));
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp"));
        var back = DatasetLoader.Load(path);
        Assert.Equal(DatasetFormats.SureJsonl, back.Format);
        AssertSame(Sample(), back);
        if (featureStore) Assert.DoesNotContain("\"features\"", File.ReadAllText(path));
    }

    [SharedDataFact]
    public void Fixture_pickle_converts_to_jsonl_and_back()
    {
        using var tmp = new TempDir();
        var ds = DatasetLoader.Load(SharedData.PathOf("fixtures/sdt_meld_p5.pkl"));
        var path = tmp.File("meld.jsonl");
        DatasetWriter.Write(ds, path, featureStore: true);
        AssertSame(ds, DatasetLoader.Load(path));
    }

    [Fact]
    public void Handwritten_jsonl_with_header_feature_ref_and_defaults()
    {
        using var tmp = new TempDir();
        SafeTensorsWriter.Write(tmp.File("f.safetensors"), [("shared/text", [[1f, 2f], [3f, 4f]])]);
        var path = tmp.Write("d.jsonl", """
            {"sure_format": 1, "classes": ["x", "y"], "feature_store": "f.safetensors"}
            {"id": "d1", "utterances": [{"speaker": "A", "label": "y", "feature_ref": "shared:1"}, {"speaker": "B", "label": 0, "feature_ref": "shared:0"}]}

            {"id": "d2", "split": "test", "utterances": [{"speaker": "A", "text": "t", "features": {"text": [9, 9]}}]}
            """);
        var ds = DatasetLoader.Load(path);
        Assert.Equal(Split.Train, ds.Dialogues[0].Split);
        Assert.Equal(new[] { 3f, 4f }, ds.Dialogues[0].Utterances[0][Modality.Text]);
        Assert.Equal(new[] { 1f, 2f }, ds.Dialogues[0].Utterances[1][Modality.Text]);
        Assert.Equal(1, ds.Dialogues[0].Utterances[0].Label);
        Assert.Equal(-1, ds.Dialogues[1].Utterances[0].Label);
        Assert.Equal(Split.Test, ds.Dialogues[1].Split);
    }

    [Fact]
    public void Jsonl_without_header_infers_classes_from_string_labels()
    {
        using var tmp = new TempDir();
        var path = tmp.Write("d.jsonl", """{"id": "d1", "utterances": [{"speaker": "A", "label": "joy"}, {"speaker": "B", "label": "anger"}, {"speaker": "A", "label": "joy"}]}""" + "\n");
        var ds = DatasetLoader.Load(path);
        Assert.Equal(["joy", "anger"], ds.ClassNames);
        Assert.Equal([0, 1, 0], ds.Dialogues[0].Utterances.Select(u => u.Label));
    }

    [Fact]
    public void Safetensors_reader_checks_offsets_and_reads_values()
    {
        using var tmp = new TempDir();
        var p = tmp.File("t.safetensors");
        SafeTensorsWriter.Write(p, [("a", [[1f, 2f, 3f]]), ("b/text", [[4f], [5f]])], new Dictionary<string, string> { ["k"] = "v" });
        var bytes = File.ReadAllBytes(p);
        Assert.Equal(0, (8 + (int)BitConverter.ToUInt64(bytes, 0)) % 8);
        using (var f = SafeTensorsFile.Open(p))
        {
            Assert.Equal("v", f.Metadata["k"]);
            Assert.Equal([2L, 1L], f.Tensors["b/text"].Shape);
            Assert.Equal(new[] { 5f }, f.ReadMatrix("b/text")[1]);
        }
        File.WriteAllBytes(p, bytes[..^4]); // truncated data
        Assert.Throws<Sure.Errors.SureDataException>(() => SafeTensorsFile.Open(p));
        var corrupt = (byte[])bytes.Clone();
        corrupt[0] = 0xFF;
        corrupt[7] = 0x7F;
        File.WriteAllBytes(p, corrupt);
        Assert.Throws<Sure.Errors.SureDataException>(() => SafeTensorsFile.Open(p));
    }
}
