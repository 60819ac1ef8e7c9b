using Sure.Data;
using Sure.Data.Formats;
using Sure.Errors;

namespace Sure.Tests.Data;

/// <summary>sure-jsonl "audio" / "start" / "end" on utterances and dialogues: resolution, validation, the writer's round trip.</summary>
public class JsonlAudioTests
{
    private const string Header = "{\"sure_format\": 1, \"classes\": [\"neu\", \"ang\"]}\n";

    /// <summary>A folder with wav/a.wav, wav/b.wav and rec.wav (empty files: audio is not decoded when data is loaded).</summary>
    private static TempDir WithRecordings()
    {
        var tmp = new TempDir();
        Directory.CreateDirectory(tmp.File("wav"));
        foreach (var f in new[] { "wav/a.wav", "wav/b.wav", "rec.wav" }) File.WriteAllBytes(tmp.File(f), []);
        return tmp;
    }

    [Fact]
    public void Utterance_audio_is_resolved_against_the_files_folder_and_keeps_its_segment()
    {
        using var tmp = WithRecordings();
        var abs = tmp.File("wav/b.wav");
        var path = tmp.Write("d.jsonl", Header +
            "{\"id\": \"d1\", \"utterances\": [" +
            "{\"speaker\": \"A\", \"label\": \"neu\", \"audio\": \"wav/a.wav\", \"start\": 0.5, \"end\": 2.25}, " +
            $"{{\"speaker\": \"B\", \"label\": \"ang\", \"audio\": \"{abs}\"}}]}}\n");
        var ds = DatasetLoader.Load(path);
        var u = ds.Dialogues[0].Utterances;
        Assert.Equal(new AudioSegment(tmp.File("wav/a.wav"), 0.5, 2.25), u[0].Audio);
        Assert.Equal(new AudioSegment(abs), u[1].Audio);
        Assert.True(Path.IsPathRooted(u[0].Audio!.Path));
        Assert.All(u, x => Assert.Null(x[Modality.Audio])); // audio-only utterances: no feature vectors, still valid
    }

    [Fact]
    public void Dialogue_audio_is_cut_by_the_utterances_and_an_utterances_own_audio_wins()
    {
        using var tmp = WithRecordings();
        var path = tmp.Write("d.jsonl", Header +
            "{\"id\": \"call\", \"audio\": \"rec.wav\", \"utterances\": [" +
            "{\"speaker\": \"A\", \"start\": 0, \"end\": 1.5}, " +
            "{\"speaker\": \"B\", \"start\": 1.5}, " +
            "{\"speaker\": \"A\", \"audio\": \"wav/a.wav\", \"end\": 3}, " +
            "{\"speaker\": \"B\"}]}\n");
        var u = DatasetLoader.Load(path).Dialogues[0].Utterances;
        var rec = tmp.File("rec.wav");
        Assert.Equal(new AudioSegment(rec, 0, 1.5), u[0].Audio);
        Assert.Equal(new AudioSegment(rec, 1.5, null), u[1].Audio);
        Assert.Equal(new AudioSegment(tmp.File("wav/a.wav"), null, 3), u[2].Audio);
        Assert.Equal(new AudioSegment(rec), u[3].Audio); // no start/end: the whole recording
    }

    [Fact]
    public void Audio_features_and_recordings_may_be_mixed_and_an_utterance_without_either_is_a_missing_modality()
    {
        using var tmp = WithRecordings();
        var path = tmp.Write("d.jsonl", Header +
            "{\"id\": \"d1\", \"utterances\": [{\"speaker\": \"A\", \"audio\": \"wav/a.wav\"}, {\"speaker\": \"B\", \"features\": {\"audio\": [1, 2]}}]}\n" +
            "{\"id\": \"d2\", \"utterances\": [{\"speaker\": \"A\", \"audio\": \"wav/b.wav\"}, {\"speaker\": \"B\", \"text\": \"no audio\"}]}\n");
        var e = Assert.Throws<SureDataException>(() => DatasetLoader.Load(path));
        Assert.Equal($"{path}, dialogue d2, utterance 1: the audio (a recording or audio features) is missing (other dialogues have it; " +
                     "use allowMissingModality to keep such dialogues)", e.Message);

        var ds = DatasetLoader.Load(path, new DatasetLoadOptions { AllowMissingModality = true }, out var report);
        Assert.All(ds.Dialogues[1].Utterances, u => Assert.Null(u.Audio));
        Assert.NotNull(ds.Dialogues[0].Utterances[0].Audio);
        Assert.Equal([$"{path}: dialogue d2: no audio (a recording or audio features) (kept without that modality)"], report.Warnings);
    }

    [Fact]
    public void Round_trip_writes_paths_relative_to_the_output_folder_when_they_lie_in_it()
    {
        using var tmp = WithRecordings();
        using var elsewhere = new TempDir();
        File.WriteAllBytes(elsewhere.File("far.wav"), []);
        var path = tmp.Write("d.jsonl", Header +
            "{\"id\": \"call\", \"split\": \"test\", \"audio\": \"rec.wav\", \"utterances\": [{\"speaker\": \"A\", \"label\": \"neu\", \"start\": 0, \"end\": 1.5}, {\"speaker\": \"B\", \"start\": 1.5, \"end\": 2.75}]}\n" +
            $"{{\"id\": \"mixed\", \"utterances\": [{{\"speaker\": \"A\", \"label\": \"ang\", \"audio\": \"wav/a.wav\", \"start\": 0.25}}, {{\"speaker\": \"B\", \"audio\": \"{elsewhere.File("far.wav")}\"}}]}}\n");
        var ds = DatasetLoader.Load(path);
        var outPath = tmp.File("out/copy.jsonl");
        Directory.CreateDirectory(tmp.File("out"));
        SureJsonlWriter.Write(ds, outPath);
        var lines = File.ReadAllLines(outPath);
        Assert.Equal("{\"id\":\"call\",\"split\":\"test\",\"audio\":\"" + tmp.File("rec.wav") + "\",\"utterances\":[" +
                     "{\"speaker\":\"A\",\"start\":0,\"end\":1.5,\"label\":\"neu\"},{\"speaker\":\"B\",\"start\":1.5,\"end\":2.75}]}", lines[1]);

        var beside = tmp.File("copy.jsonl");
        SureJsonlWriter.Write(ds, beside);
        lines = File.ReadAllLines(beside);
        Assert.Equal("{\"id\":\"call\",\"split\":\"test\",\"audio\":\"rec.wav\",\"utterances\":[" +
                     "{\"speaker\":\"A\",\"start\":0,\"end\":1.5,\"label\":\"neu\"},{\"speaker\":\"B\",\"start\":1.5,\"end\":2.75}]}", lines[1]);
        Assert.Equal("{\"id\":\"mixed\",\"split\":\"train\",\"utterances\":[" +
                     "{\"speaker\":\"A\",\"audio\":\"wav/a.wav\",\"start\":0.25,\"label\":\"ang\"}," +
                     $"{{\"speaker\":\"B\",\"audio\":\"{elsewhere.File("far.wav")}\"}}]}}", lines[2]);

        foreach (var copy in new[] { outPath, beside })
        {
            var back = DatasetLoader.Load(copy);
            Assert.Equal(ds.Dialogues.SelectMany(d => d.Utterances).Select(u => u.Audio), back.Dialogues.SelectMany(d => d.Utterances).Select(u => u.Audio));
        }
    }

    public static TheoryData<string, string, string> BadAudio => new()
    {
        { "{\"speaker\": \"A\", \"audio\": \"wav/a.wav\", \"start\": -1}", "utterance 0", "line 2: \"start\" is -1 s; it must be a finite number ≥ 0" },
        { "{\"speaker\": \"A\", \"audio\": \"wav/a.wav\", \"start\": 2, \"end\": 2}", "utterance 0", "line 2: \"end\" (2 s) must come after \"start\" (2 s)" },
        { "{\"speaker\": \"A\", \"audio\": \"wav/a.wav\", \"start\": 3, \"end\": 1.5}", "utterance 0", "line 2: \"end\" (1.5 s) must come after \"start\" (3 s)" },
        { "{\"speaker\": \"A\", \"audio\": \"wav/a.wav\", \"end\": 0}", "utterance 0", "line 2: \"end\" (0 s) must come after \"start\" (0 s)" },
        { "{\"speaker\": \"A\", \"start\": 1}", "utterance 0", "line 2: \"start\"/\"end\" need an \"audio\" recording (on the utterance or its dialogue)" },
        { "{\"speaker\": \"A\", \"end\": 1}", "utterance 0", "line 2: \"start\"/\"end\" need an \"audio\" recording (on the utterance or its dialogue)" },
        { "{\"speaker\": \"A\", \"audio\": \"wav/a.wav\", \"start\": \"1.5\"}", "utterance 0", "line 2: \"start\" must be a number of seconds, found \"1.5\"" },
        { "{\"speaker\": \"A\", \"audio\": \"wav/a.wav\", \"end\": true}", "utterance 0", "line 2: \"end\" must be a number of seconds, found true" },
        { "{\"speaker\": \"A\", \"audio\": \"\"}", "utterance 0", "line 2: \"audio\" must be a non-empty path" },
        { "{\"speaker\": \"A\", \"audio\": 3}", "utterance 0", "line 2: \"audio\" must be a non-empty path" },
        { "{\"speaker\": \"A\", \"audio\": \"wav\"}", "utterance 0", "line 2: the audio path 'wav' is a folder, not a recording" },
    };

    [Theory]
    [MemberData(nameof(BadAudio))]
    public void Every_bad_audio_field_is_one_line_naming_file_dialogue_and_utterance(string utterance, string where, string problem)
    {
        using var tmp = WithRecordings();
        var path = tmp.Write("d.jsonl", Header + $"{{\"id\": \"d1\", \"utterances\": [{utterance}]}}\n");
        var e = Assert.Throws<SureDataException>(() => DatasetLoader.Load(path));
        Assert.Equal($"{path}, dialogue d1, {where}: {problem}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_missing_recording_is_named_at_load_time()
    {
        using var tmp = WithRecordings();
        var path = tmp.Write("d.jsonl", Header + "{\"id\": \"d1\", \"utterances\": [{\"speaker\": \"A\"}, {\"speaker\": \"B\", \"audio\": \"wav/gone.wav\"}]}\n");
        var e = Assert.Throws<SureDataException>(() => DatasetLoader.Load(path));
        Assert.Equal($"{path}, dialogue d1, utterance 1: line 2: the recording '{tmp.File("wav/gone.wav")}' does not exist", e.Message);
    }

    [Fact]
    public void Bad_dialogue_audio_names_the_dialogue()
    {
        using var tmp = WithRecordings();
        var path = tmp.Write("d.jsonl", Header + "{\"id\": \"d1\", \"audio\": \"missing.wav\", \"utterances\": [{\"speaker\": \"A\"}]}\n");
        var e = Assert.Throws<SureDataException>(() => DatasetLoader.Load(path));
        Assert.Equal($"{path}, dialogue d1: line 2: the recording '{tmp.File("missing.wav")}' does not exist", e.Message);
        path = tmp.Write("e.jsonl", Header + "{\"id\": \"d1\", \"audio\": \" \", \"utterances\": [{\"speaker\": \"A\"}]}\n");
        e = Assert.Throws<SureDataException>(() => DatasetLoader.Load(path));
        Assert.Equal($"{path}, dialogue d1: line 2: \"audio\" must be a non-empty path", e.Message);
    }
}
