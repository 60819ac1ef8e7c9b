using Sure.Loading;
using Sure.Cli.Commands;
using Sure.Configuration;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Errors;
using Sure.Tests.Cli;

namespace Sure.Tests.Data;

/// <summary>Any CSV read as a manifest of utterances through a column mapping (--columns).</summary>
public class CsvManifestTests
{
    private const string Mapping = "audio=file,speaker=who,text=said,label=emotion,dialogue=call,split=part,start=from,end=to";

    private static TempDir WithRecordings(params string[] files)
    {
        var tmp = new TempDir();
        Directory.CreateDirectory(tmp.File("wav"));
        foreach (var f in files) File.WriteAllBytes(tmp.File(f), []);
        return tmp;
    }

    private static ConversationDataset Load(string path, string columns, string? classes = null) =>
        DatasetLoader.Load(path, new DatasetLoadOptions { Columns = columns, ClassNames = EmotionClasses.Parse(classes) });

    private static ConversationDataset Load(string path, string columns, out DatasetValidationReport report) =>
        DatasetLoader.Load(path, new DatasetLoadOptions { Columns = columns }, out report);

    [Fact]
    public void Rows_group_into_dialogues_in_file_order_with_their_splits_segments_and_labels()
    {
        using var tmp = WithRecordings("wav/c1.wav", "wav/c2.wav");
        var path = tmp.Write("calls.csv",
            "call,who,said,emotion,file,from,to,part,extra\n" +
            "c1,agent,\"Hello, how can I help?\",neutral,wav/c1.wav,0,2.5,train,x\n" +
            "c2,agent,Hi,neutral,wav/c2.wav,0,1,test,x\n" +
            "c1,customer,I was charged twice!,anger,wav/c1.wav,2.5,5,train,x\n" +
            "c1,agent,Sorry.,,wav/c1.wav,5,,train,x\n" +
            "c2,caller,Bye,joy,wav/c2.wav,1,,test,x\n");
        var ds = Load(path, Mapping);
        Assert.Equal(DatasetFormats.CsvManifest, ds.Format);
        Assert.Equal("calls", ds.Name);
        Assert.Equal(["neutral", "anger", "joy"], ds.ClassNames);
        Assert.Equal(["c1", "c2"], ds.Dialogues.Select(d => d.Id));
        Assert.Equal([Split.Train, Split.Test], ds.Dialogues.Select(d => d.Split));
        var c1 = ds.Dialogues[0].Utterances;
        Assert.Equal(["agent", "customer", "agent"], c1.Select(u => u.Speaker));
        Assert.Equal(["Hello, how can I help?", "I was charged twice!", "Sorry."], c1.Select(u => u.Text));
        Assert.Equal([0, 1, -1], c1.Select(u => u.Label));
        var rec = tmp.File("wav/c1.wav");
        Assert.Equal([new AudioSegment(rec, 0, 2.5), new AudioSegment(rec, 2.5, 5), new AudioSegment(rec, 5, null)], c1.Select(u => u.Audio));
        var c2 = ds.Dialogues[1].Utterances;
        Assert.Equal([new AudioSegment(tmp.File("wav/c2.wav"), 0, 1), new AudioSegment(tmp.File("wav/c2.wav"), 1, null)], c2.Select(u => u.Audio));
    }

    [Fact]
    public void An_empty_audio_cell_is_a_missing_modality()
    {
        using var tmp = WithRecordings("wav/a.wav");
        var path = tmp.Write("m.csv", "d,speaker,file,emotion\nx,A,wav/a.wav,calm\ny,A,wav/a.wav,calm\ny,B,,calm\n");
        const string columns = "dialogue=d,speaker=speaker,audio=file,label=emotion";
        var e = Assert.Throws<SureDataException>(() => Load(path, columns));
        Assert.StartsWith($"{path}, dialogue y, utterance 1: the audio (a recording or audio features) is missing", e.Message);
        var ds = DatasetLoader.Load(path, new DatasetLoadOptions { Columns = columns, AllowMissingModality = true });
        Assert.NotNull(ds.Dialogues[0].Utterances[0].Audio);
        Assert.All(ds.Dialogues[1].Utterances, u => Assert.Null(u.Audio));
    }

    [Fact]
    public void Without_dialogue_and_split_columns_each_row_is_a_dialogue_and_the_split_is_80_10_10_by_seed()
    {
        using var tmp = WithRecordings(Enumerable.Range(0, 10).Select(i => $"wav/r{i}.wav").ToArray());
        var rows = Enumerable.Range(0, 10).Select(i => $"wav/r{i}.wav,s{i % 3},{(i % 2 == 0 ? "calm" : "angry")}").ToList();
        var path = tmp.Write("m.csv", "file,speaker,emotion\n" + string.Join("\n", rows) + "\n");
        var ds = Load(path, "audio=file,speaker=speaker,label=emotion", out var report);
        Assert.Equal(["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"], ds.Dialogues.Select(d => d.Id));
        Assert.All(ds.Dialogues, d => Assert.Equal(1, d.Count));
        Assert.Equal(["calm", "angry"], ds.ClassNames);
        Assert.Equal(8, ds.In(Split.Train).Count());
        Assert.Single(ds.In(Split.Valid));
        Assert.Single(ds.In(Split.Test));
        Assert.Contains($"{path}: no split column: the 10 dialogues are split at random by dialogue (80/10/10, seed 1): 8 train / 1 valid / 1 test; map a split column (split=COLUMN) to choose", report.Warnings);

        // the split depends on the ids, not on the row order
        rows.Reverse();
        var reversed = Load(tmp.Write("r.csv", "file,speaker,emotion\n" + string.Join("\n", rows) + "\n"), "audio=file,speaker=speaker,label=emotion");
        Assert.Equal(ds.Dialogues.ToDictionary(d => d.Id, d => d.Split), reversed.Dialogues.ToDictionary(d => d.Id, d => d.Split));
    }

    [Fact]
    public void A_row_dialogue_is_named_by_its_id_column_else_by_its_row_number()
    {
        using var tmp = WithRecordings();
        var path = tmp.Write("t.csv", "key,speaker,text,emotion\nu-7,A,hi,calm\nu-9,B,ho,calm\n");
        Assert.Equal(["u-7", "u-9"], Load(path, "id=key,speaker=speaker,text=text,label=emotion").Dialogues.Select(d => d.Id));
        Assert.Equal(["1", "2"], Load(path, "speaker=speaker,text=text,label=emotion").Dialogues.Select(d => d.Id));
    }

    [Fact]
    public void Classes_given_map_the_labels_by_name()
    {
        using var tmp = WithRecordings();
        var path = tmp.Write("t.csv", "speaker,text,emotion,part\nA,hi,joy,train\nB,ho,anger,train\n");
        var ds = Load(path, "speaker=speaker,text=text,label=emotion,split=part", "anger,joy,fear");
        Assert.Equal(["anger", "joy", "fear"], ds.ClassNames);
        Assert.Equal([1, 0], ds.Dialogues.Select(d => d.Utterances[0].Label));
        var e = Assert.Throws<SureDataException>(() => Load(path, "speaker=speaker,text=text,label=emotion,split=part", "anger,fear"));
        Assert.Equal($"{path}, dialogue 1, utterance 0: line 2: label 'joy' is not one of --classes (anger, fear)", e.Message);
    }

    public static TheoryData<string, string> BadMappings => new()
    {
        { "audio=file,speaker=speaker,colour=emotion", "--columns: unknown key 'colour' in 'colour=emotion' (use audio, speaker, text, label, dialogue, split, order, start, end, id)" },
        { "audio=file,speaker=speaker,label=emotion,label=text", "--columns: the key 'label' is given twice (columns 'emotion' and 'text')" },
        { "audio=wavfile,speaker=speaker,label=emotion", "--columns audio=wavfile: the header has no column 'wavfile' (found: file, speaker, emotion, text)" },
        { "audio=file,label=emotion", "--columns: map the speaker column (speaker=COLUMN)" },
        { "speaker=speaker,label=emotion", "--columns: map an audio or a text column (audio=COLUMN, text=COLUMN)" },
        { "text=text,speaker=speaker,start=file", "--columns: start=file needs an audio column (audio=COLUMN)" },
        { "audio=file,speaker", "--columns: 'speaker' is not key=column" },
        { "audio=,speaker=speaker", "--columns: 'audio=' must name one column after '='" },
    };

    [Theory]
    [MemberData(nameof(BadMappings))]
    public void A_bad_mapping_is_one_line_naming_the_file_and_the_column(string columns, string problem)
    {
        using var tmp = WithRecordings("wav/a.wav");
        var path = tmp.Write("m.csv", "file,speaker,emotion,text\nwav/a.wav,A,calm,hi\n");
        var e = Assert.Throws<SureDataException>(() => Load(path, columns));
        Assert.Equal($"{path}: {problem}", e.Message);
    }

    public static TheoryData<string, string, string> BadRows => new()
    {
        { "wav/a.wav,,calm,train,0,1", "dialogue a, utterance 0", "line 2: the speaker column 'speaker' is empty" },
        { "wav/a.wav,A,calm,train,x,1", "dialogue a, utterance 0", "line 2: \"start\" 'x' is not a number of seconds" },
        { "wav/a.wav,A,calm,train,-0.5,1", "dialogue a, utterance 0", "line 2: \"start\" is -0.5 s; it must be a finite number ≥ 0" },
        { "wav/a.wav,A,calm,train,2,1", "dialogue a, utterance 0", "line 2: \"end\" (1 s) must come after \"start\" (2 s)" },
        { ",A,calm,train,2,3", "dialogue 1, utterance 0", "line 2: \"start\"/\"end\" need an \"audio\" recording (on the utterance or its dialogue)" },
        { "wav/b.wav,A,calm,train,,", "dialogue b, utterance 0", "line 2: the recording '{dir}/wav/b.wav' does not exist" },
        { "wav/a.wav,A,calm,later,,", "dialogue a", "line 2: split 'later' must be train, valid (dev) or test" },
        { "wav/a.wav,A,calm,train,1", "", "line 2: 5 fields, but the header has 6" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public void A_bad_row_is_one_line_naming_file_dialogue_and_utterance(string row, string where, string problem)
    {
        using var tmp = WithRecordings("wav/a.wav");
        var path = tmp.Write("m.csv", "file,speaker,emotion,part,t0,t1\n" + row + "\n");
        var e = Assert.Throws<SureDataException>(() => Load(path, "audio=file,speaker=speaker,label=emotion,split=part,start=t0,end=t1"));
        Assert.Equal(where.Length == 0 ? $"{path}: {problem}" : $"{path}, {where}: {problem.Replace("{dir}", tmp.Path)}", e.Message);
    }

    [Fact]
    public void Two_rows_with_the_same_audio_name_and_no_dialogue_column_need_an_id_column()
    {
        using var tmp = WithRecordings("wav/a.wav");
        Directory.CreateDirectory(tmp.File("more"));
        File.WriteAllBytes(tmp.File("more/a.wav"), []);
        var path = tmp.Write("m.csv", "file,speaker,emotion\nwav/a.wav,A,calm\nmore/a.wav,B,calm\n");
        var e = Assert.Throws<SureDataException>(() => Load(path, "audio=file,speaker=speaker,label=emotion"));
        Assert.Equal($"{path}, dialogue a: line 3: line 2 already makes a dialogue with this id (map an id column, id=COLUMN, to name each row)", e.Message);
    }

    [Fact]
    public void With_a_dialogue_column_utterance_ids_must_be_unique_within_their_dialogue()
    {
        using var tmp = WithRecordings();
        var path = tmp.Write("m.csv", "d,n,speaker,text,emotion\nx,1,A,hi,calm\ny,1,A,hi,calm\nx,2,B,ho,calm\nx,1,B,again,calm\n");
        var e = Assert.Throws<SureDataException>(() => Load(path, "dialogue=d,id=n,speaker=speaker,text=text,label=emotion"));
        Assert.Equal($"{path}, dialogue x, utterance 2: line 5: the id '1' appears twice in this dialogue", e.Message);
    }

    [Fact]
    public void A_recording_option_is_only_for_webvtt()
    {
        using var tmp = WithRecordings("wav/a.wav");
        var path = tmp.Write("m.csv", "speaker,text,emotion\nA,hi,calm\n");
        var e = Assert.Throws<SureUserException>(() => DatasetLoader.Load(path, new DatasetLoadOptions { Columns = "speaker=speaker,text=text,label=emotion", Recording = tmp.File("wav/a.wav") }));
        Assert.Equal($"{path}: a recording is given, but only a WebVTT transcript (.vtt) takes one.", e.Message);
    }

    [Fact]
    public void A_dialogue_whose_rows_disagree_on_the_split_is_refused()
    {
        using var tmp = WithRecordings();
        var path = tmp.Write("m.csv", "d,speaker,text,emotion,s\nx,A,hi,calm,train\nx,B,ho,calm,test\n");
        var e = Assert.Throws<SureDataException>(() => Load(path, "dialogue=d,speaker=speaker,text=text,label=emotion,split=s"));
        Assert.Equal($"{path}, dialogue x, utterance 1: line 3: split 'test', but line 2 puts the dialogue in train", e.Message);
    }

    [Fact]
    public void Without_labels_or_classes_the_manifest_names_no_classes()
    {
        using var tmp = WithRecordings();
        var path = tmp.Write("m.csv", "speaker,text\nA,hi\n");
        var e = Assert.Throws<SureDataException>(() => Load(path, "speaker=speaker,text=text"));
        Assert.Equal($"{path}: no label column, so the data names no classes: map one (label=COLUMN) or pass --classes NAME,NAME,…", e.Message);
        Assert.Equal(-1, Load(path, "speaker=speaker,text=text", "calm,upset").Dialogues[0].Utterances[0].Label);
    }

    [Fact]
    public void Csv_other_than_melds_without_columns_says_to_map_them_and_meld_detection_stays()
    {
        using var tmp = WithRecordings();
        var path = tmp.Write("m.csv", "speaker,text\nA,hi\n");
        var e = Assert.Throws<SureUserException>(() => DatasetLoader.Load(path));
        Assert.Contains("--columns dialogue=COLUMN,speaker=COLUMN,text=COLUMN,label=COLUMN", e.Message);
        Assert.Equal(DatasetFormats.MeldCsv, DatasetLoader.DetectFormat(tmp.Write("train_sent_emo.csv", "x\n")));
        Assert.Equal(DatasetFormats.CsvManifest, DatasetLoader.DetectFormat(tmp.File("train_sent_emo.csv"), columns: true));
        Assert.Throws<SureUserException>(() => DatasetLoader.Load(tmp.Path, new DatasetLoadOptions { Columns = "speaker=speaker,text=text" }));
    }

    [Fact]
    public void Data_convert_with_columns_writes_the_recordings_relative_to_the_output()
    {
        using var tmp = WithRecordings("wav/a.wav", "wav/b.wav");
        var path = tmp.Write("m.csv", "file,speaker,emotion\nwav/a.wav,A,calm\nwav/b.wav,B,upset\n");
        var outPath = tmp.File("m.jsonl");
        var (code, _, err) = SureCliRunner.Run("data", "convert", path, "--columns", "audio=file,speaker=speaker,label=emotion", "--out", outPath);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(outPath);
        Assert.Equal("{\"sure_format\":1,\"name\":\"m\",\"classes\":[\"calm\",\"upset\"]}", lines[0]);
        Assert.Contains("{\"speaker\":\"A\",\"audio\":\"wav/a.wav\",\"label\":\"calm\"}", lines[1] + lines[2]);
        Assert.Equal(0, SureCliRunner.Run("data", "inspect", path, "--columns", "audio=file,speaker=speaker,label=emotion").Code);
        var bad = SureCliRunner.Run("data", "inspect", path, "--columns", "audio=wav,speaker=speaker,label=emotion");
        Assert.Equal(1, bad.Code);
        Assert.Contains($"{path}: --columns audio=wav: the header has no column 'wav' (found: file, speaker, emotion)", bad.Err);
    }

    [Fact]
    public void Columns_is_a_run_setting_that_reaches_the_load_options()
    {
        var config = SureConfig.FromJson("{\"data\": \"m.csv\", \"columns\": \"audio=file,speaker=speaker,label=emotion\"}");
        Assert.Equal("audio=file,speaker=speaker,label=emotion", config.Columns);
        Assert.Equal(config.Columns, DataSource.LoadOptions(config).Columns);
        var options = new ConfigOptions();
        var cmd = new System.CommandLine.Command("train");
        options.AddTo(cmd);
        var layer = options.Layer(cmd.Parse(["--columns", "speaker=who,text=said"]));
        Assert.Equal("speaker=who,text=said", ConfigLayers.Compose(layer).Columns);
        var e = Assert.Throws<SureDataException>(() => new SureConfig { Columns = "speaker=who,mood=x" }.Validate());
        Assert.StartsWith("--columns: unknown key 'mood'", e.Message);
    }

    [SharedDataFact]
    public void Emodb_manifest_loads_535_utterances_of_10_speakers_in_7_classes()
    {
        var ds = Load(SharedData.PathOf("emodb/emodb.csv"), "audio=file,speaker=speaker,text=text,label=emotion", out var report);
        Assert.Equal(535, ds.Dialogues.Count);
        Assert.Equal(535, ds.Dialogues.Sum(d => d.Count));
        Assert.Equal(10, ds.Speakers().Count);
        Assert.Equal(7, ds.ClassCount);
        Assert.Equal(["happiness", "neutral", "anger"], ds.ClassNames.Take(3));
        Assert.Equal("03a01Fa", ds.Dialogues[0].Id);
        Assert.Equal(SharedData.PathOf("emodb/wav/03a01Fa.wav"), ds.Dialogues[0].Utterances[0].Audio!.Path);
        Assert.Equal("Der Lappen liegt auf dem Eisschrank.", ds.Dialogues[0].Utterances[0].Text);
        Assert.Equal(127, ds.Dialogues.Count(d => ds.ClassNames[d.Utterances[0].Label] == "anger"));
        Assert.Equal((427, 54, 54), (ds.In(Split.Train).Count(), ds.In(Split.Valid).Count(), ds.In(Split.Test).Count()));
        Assert.Single(report.Warnings);
        var summary = DatasetSummary.Create(ds, report);
        Assert.Equal((535, 535), (summary.UtterancesWithRecording, summary.Recordings));
    }
}
