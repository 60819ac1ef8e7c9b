using Sure.Data;
using Sure.Data.Formats;
using Sure.Errors;

namespace Sure.Tests.Data;

/// <summary>Each validation rule, triggered by a small hand-made sure-jsonl file.</summary>
public class DatasetValidationTests
{
    private const string Header = """{"sure_format": 1, "classes": ["a", "b"]}""";

    private static SureDataException Fails(string body, DatasetLoadOptions? options = null)
    {
        using var tmp = new TempDir();
        var path = tmp.Write("bad.jsonl", Header + "\n" + body + "\n");
        var ex = Assert.Throws<SureDataException>(() => DatasetLoader.Load(path, options));
        Assert.Equal(path, ex.File);
        Assert.Contains("bad.jsonl", ex.Message);
        return ex;
    }

    [Fact]
    public void Inconsistent_dims_name_dialogue_and_utterance()
    {
        var ex = Fails("""
            {"id": "d1", "utterances": [{"speaker": "A", "label": 0, "features": {"audio": [1, 2]}}]}
            {"id": "d2", "utterances": [{"speaker": "A", "label": 0, "features": {"audio": [1, 2]}}, {"speaker": "B", "label": 1, "features": {"audio": [1, 2, 3]}}]}
            """);
        Assert.Equal("d2", ex.DialogueId);
        Assert.Equal(1, ex.UtteranceIndex);
        Assert.Contains("3 dims", ex.Message);
    }

    [Fact]
    public void Nan_and_infinity_are_refused()
    {
        using var tmp = new TempDir();
        var ds = new ConversationDataset
        {
            Name = "x", ClassNames = ["a"], Source = "mem",
            Dialogues = [new Dialogue { Id = "d", Utterances = [new Utterance { Speaker = "A", Label = 0, Features = [[1f, float.NaN], null, null] }] }],
        };
        var ex = Assert.Throws<SureDataException>(() => DatasetValidator.Validate(ds, DatasetLoadOptions.Default, new DatasetValidationReport()));
        Assert.Contains("NaN", ex.Message);
        ds.Dialogues[0].Utterances[0].Features[0] = [float.PositiveInfinity];
        Assert.Contains("infinity", Assert.Throws<SureDataException>(() => DatasetValidator.Validate(ds, DatasetLoadOptions.Default, new DatasetValidationReport())).Message);
    }

    [Fact]
    public void Label_out_of_range()
    {
        var ex = Fails("""{"id": "d1", "utterances": [{"speaker": "A", "label": 5}]}""");
        Assert.Contains("out of range", ex.Message);
        Assert.Equal(0, ex.UtteranceIndex);
    }

    [Fact]
    public void Unknown_label_name() =>
        Assert.Contains("not one of the header's classes", Fails("""{"id": "d1", "utterances": [{"speaker": "A", "label": "zzz"}]}""").Message);

    [Fact]
    public void Empty_dialogue() =>
        Assert.Contains("no utterances", Fails("""{"id": "d1", "utterances": []}""").Message);

    [Fact]
    public void Missing_speaker() =>
        Assert.Contains("no speaker", Fails("""{"id": "d1", "utterances": [{"label": 0}]}""").Message);

    [Fact]
    public void Duplicate_dialogue_ids()
    {
        var ex = Fails("""
            {"id": "d1", "utterances": [{"speaker": "A", "label": 0}]}
            {"id": "d1", "utterances": [{"speaker": "A", "label": 0}]}
            """);
        Assert.Equal("d1", ex.DialogueId);
    }

    [Fact]
    public void Malformed_json_line_names_the_line() =>
        Assert.Contains("line 3", Fails("""
            {"id": "d1", "utterances": [{"speaker": "A", "label": 0}]}
            {"id": "d2", "utter
            """).Message);

    [Fact]
    public void Missing_modality_fails_unless_allowed_then_is_kept_and_reported()
    {
        const string body = """
            {"id": "d1", "utterances": [{"speaker": "A", "label": 0, "features": {"text": [1], "audio": [2]}}]}
            {"id": "d2", "utterances": [{"speaker": "A", "label": 0, "features": {"text": [1]}}, {"speaker": "B", "label": 1, "features": {"text": [1], "audio": [3]}}]}
            """;
        var ex = Fails(body);
        Assert.Equal("d2", ex.DialogueId);
        Assert.Contains("audio", ex.Message);

        using var tmp = new TempDir();
        var path = tmp.Write("ok.jsonl", Header + "\n" + body + "\n");
        var ds = DatasetLoader.Load(path, new DatasetLoadOptions { AllowMissingModality = true }, out var report);
        Assert.Equal(2, ds.Dialogues.Count);
        Assert.All(ds.Dialogues[1].Utterances, u => Assert.Null(u[Modality.Audio]));
        Assert.Contains(report.Warnings, w => w.Contains("d2") && w.Contains("audio"));
        var summary = DatasetSummary.Create(ds, report);
        Assert.Equal(2, summary.Modalities[(int)Modality.Audio].Missing);
    }

    [Fact]
    public void Split_lists_overlap_absent_and_unlisted_dialogues()
    {
        Dialogue D(string id) => new() { Id = id, Utterances = [new Utterance { Speaker = "A", Label = 0 }] };
        var ds = new List<Dialogue> { D("x"), D("y") };
        var overlap = Assert.Throws<SureDataException>(() => SplitAssignment.Apply(ds, "f.pkl", ["x", "y"], [], ["y"]));
        Assert.Contains("both the train and the test", overlap.Message);
        Assert.Equal("y", overlap.DialogueId);
        var absent = Assert.Throws<SureDataException>(() => SplitAssignment.Apply(ds, "f.pkl", ["x", "y"], ["z"], []));
        Assert.Contains("no such dialogue", absent.Message);
        Assert.Equal("z", absent.DialogueId);
        var unlisted = Assert.Throws<SureDataException>(() => SplitAssignment.Apply(ds, "f.pkl", ["x"], [], []));
        Assert.Equal("y", unlisted.DialogueId);
        var twice = Assert.Throws<SureDataException>(() => SplitAssignment.Apply(ds, "f.pkl", ["x", "x", "y"], [], []));
        Assert.Contains("twice", twice.Message);
        SplitAssignment.Apply(ds, "f.pkl", ["x"], [], ["y"]);
        Assert.Equal(Split.Test, ds[1].Split);
    }

    [Fact]
    public void Unrecognised_files_and_pickle_layouts_are_user_errors()
    {
        using var tmp = new TempDir();
        var txt = tmp.Write("x.txt", "hello");
        Assert.Throws<SureUserException>(() => DatasetLoader.Load(txt));
        Assert.Throws<SureUserException>(() => DatasetLoader.Load(tmp.File("absent.pkl")));
        Assert.Throws<SureUserException>(() => DatasetLoader.Load(tmp.Path));
        var pkl = tmp.File("x.pkl");
        File.WriteAllBytes(pkl, [0x80, 2, (byte)'K', 1, (byte)'.']);
        Assert.Contains("unrecognised pickle layout", Assert.Throws<SureDataException>(() => DatasetLoader.Load(pkl)).Message);
    }
}
