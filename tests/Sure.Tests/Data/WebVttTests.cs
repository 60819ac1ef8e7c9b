using Sure.Data;
using Sure.Data.Formats;
using Sure.Errors;
using Sure.Inference;

namespace Sure.Tests.Data;

/// <summary>WebVTT transcripts: cue parsing, recording discovery, the dataset loader and the conversation reader.</summary>
public class WebVttTests
{
    private const string Meeting =
        "\uFEFFWEBVTT - a meeting\n" +
        "Kind: captions\n" +
        "\n" +
        "NOTE this note spans\n" +
        "two lines --> and is skipped\n" +
        "\n" +
        "STYLE\n" +
        "::cue { color: lime }\n" +
        "\n" +
        "intro-1\n" +
        "00:01.000 --> 00:04.500 align:start position:10%\n" +
        "<v Ann>Hello &amp; welcome,\n" +
        "everyone.</v>\n" +
        "\n" +
        "01:00:02.250 --> 01:00:05.000\n" +
        "<v.loud Bob Stone><i>Thanks</i> &lt;Ann&gt;!\n" +
        "\n" +
        "\n" +
        "3\n" +
        "01:00:05.000 --> 01:00:06.125\n" +
        "<c.yellow>No voice here</c>\n";

    private static List<WebVttCue> Parse(string text, string file = "m.vtt") => WebVttFormat.Parse(new StringReader(text), file, "m");

    [Fact]
    public void Cues_have_hours_ids_multi_line_text_voices_and_skip_notes_and_styles()
    {
        var cues = Parse(Meeting);
        Assert.Equal(3, cues.Count);
        Assert.Equal(new WebVttCue(11, "intro-1", 1.0, 4.5, "Ann", "Hello & welcome, everyone."), cues[0]);
        Assert.Equal(new WebVttCue(15, null, 3602.25, 3605.0, "Bob Stone", "Thanks <Ann>!"), cues[1]);
        Assert.Equal(new WebVttCue(20, "3", 3605.0, 3606.125, WebVttFormat.UnknownSpeaker, "No voice here"), cues[2]);
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "WEBVTTX\n\n00:01.000 --> 00:02.000\nhi\n", "m.vtt: line 1: a WebVTT file must start with \"WEBVTT\"" },
        { "", "m.vtt: the file is empty (a WebVTT file starts with \"WEBVTT\")" },
        { "WEBVTT\n00:01.000 --> 00:02.000\nhi\n", "m.vtt: line 2: a blank line must separate the \"WEBVTT\" header from the first cue" },
        { "WEBVTT\n\n00:01.000 --> 00:02\nhi\n", "m.vtt, dialogue m, utterance 0: line 3: '00:02' is not a WebVTT timestamp ([hh:]mm:ss.ttt)" },
        { "WEBVTT\n\n1:00:01.000 --> 1:00:02.000\nhi\n", "m.vtt, dialogue m, utterance 0: line 3: '1:00:01.000' is not a WebVTT timestamp ([hh:]mm:ss.ttt)" },
        { "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n\n00:03.000 --> 00:03.000\nho\n", "m.vtt, dialogue m, utterance 1: line 6: the cue ends (00:03.000) before it starts (00:03.000)" },
        { "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>hi</v> <v B>ho</v>\n", "m.vtt, dialogue m, utterance 0: line 3: the cue has two voices (A, B); give each its own cue" },
        { "WEBVTT\n\ncue-id\nno timing\n", "m.vtt, dialogue m, utterance 0: line 3: expected a cue timing line \"00:00:01.000 --> 00:00:04.500\" (after the cue id 'cue-id')" },
        { "WEBVTT\n\n00:01.000 --> 00:02.000\n<v>hi\n", "m.vtt, dialogue m, utterance 0: line 3: a <v> voice span without a speaker name (<v Name>)" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_transcript_is_one_line_naming_the_file_the_line_and_the_cue(string text, string message) =>
        Assert.Equal(message, Assert.Throws<SureDataException>(() => Parse(text)).Message);

    [Fact]
    public void The_recording_is_the_audio_file_with_the_same_name_or_the_one_given()
    {
        using var tmp = new TempDir();
        var vtt = tmp.Write("call.vtt", Meeting);
        Assert.Null(WebVttFormat.Recording(vtt, null));
        File.WriteAllBytes(tmp.File("call.m4a"), []);
        File.WriteAllBytes(tmp.File("callx.wav"), []);
        Assert.Equal(tmp.File("call.m4a"), WebVttFormat.Recording(vtt, null));
        File.WriteAllBytes(tmp.File("call.wav"), []);
        var e = Assert.Throws<SureDataException>(() => WebVttFormat.Recording(vtt, null));
        Assert.Equal($"{vtt}: two recordings could be the transcript's (call.wav, call.m4a): give one explicitly", e.Message);
        Assert.Equal(tmp.File("callx.wav"), WebVttFormat.Recording(vtt, tmp.File("callx.wav")));
        e = Assert.Throws<SureDataException>(() => WebVttFormat.Recording(vtt, tmp.File("none.wav")));
        Assert.Equal($"{vtt}: the recording given for it: the recording '{tmp.File("none.wav")}' does not exist", e.Message);
    }

    [Fact]
    public void A_folder_of_transcripts_loads_as_unlabelled_test_dialogues_cut_from_their_recordings()
    {
        using var tmp = new TempDir();
        tmp.Write("b-call.vtt", Meeting);
        tmp.Write("a-call.vtt", "WEBVTT\n\n00:00.500 --> 00:01.000\n<v Zoe>Hi\n");
        File.WriteAllBytes(tmp.File("a-call.wav"), []);
        File.WriteAllBytes(tmp.File("b-call.flac"), []);
        var ds = DatasetLoader.Load(tmp.Path, new DatasetLoadOptions { ClassNames = ["neu", "ang"] }, out var report);
        Assert.Equal(DatasetFormats.WebVtt, ds.Format);
        Assert.Equal(["a-call", "b-call"], ds.Dialogues.Select(d => d.Id));
        Assert.All(ds.Dialogues, d => Assert.Equal(Split.Test, d.Split));
        Assert.Equal(new AudioSegment(tmp.File("a-call.wav"), 0.5, 1.0), ds.Dialogues[0].Utterances[0].Audio);
        var b = ds.Dialogues[1].Utterances;
        Assert.Equal(["Ann", "Bob Stone", "unknown"], b.Select(u => u.Speaker));
        Assert.Equal(new AudioSegment(tmp.File("b-call.flac"), 3602.25, 3605.0), b[1].Audio);
        Assert.All(b, u => Assert.Equal(-1, u.Label));
        Assert.Equal([$"{tmp.Path}: the train split is empty"], report.Warnings);
    }

    [Fact]
    public void A_single_transcript_without_a_recording_keeps_its_text_with_a_warning_and_needs_classes()
    {
        using var tmp = new TempDir();
        var vtt = tmp.Write("talk.vtt", Meeting);
        var ds = DatasetLoader.Load(vtt, new DatasetLoadOptions { ClassNames = ["neu"] }, out var report);
        Assert.All(ds.Dialogues[0].Utterances, u => Assert.Null(u.Audio));
        Assert.Equal("Hello & welcome, everyone.", ds.Dialogues[0].Utterances[0].Text);
        Assert.Contains($"{vtt}: no recording beside it (looked for talk.wav, talk.mp3, talk.ogg, talk.mp4, talk.m4a, talk.flac, talk.webm): its cues carry text only", report.Warnings);
        var e = Assert.Throws<SureDataException>(() => DatasetLoader.Load(vtt));
        Assert.Equal($"{vtt}: WebVTT transcripts carry no emotion labels, so they name no classes: pass classes NAME,NAME,… (the classes of the model that will label them)", e.Message);
        File.WriteAllBytes(tmp.File("other.ogg"), []);
        ds = DatasetLoader.Load(vtt, new DatasetLoadOptions { ClassNames = ["neu"], Recording = tmp.File("other.ogg") });
        Assert.Equal(new AudioSegment(tmp.File("other.ogg"), 1.0, 4.5), ds.Dialogues[0].Utterances[0].Audio);
    }

    [Fact]
    public void A_file_starting_WEBVTT_is_detected_without_the_extension()
    {
        using var tmp = new TempDir();
        Assert.Equal(DatasetFormats.WebVtt, DatasetLoader.DetectFormat(tmp.Write("captions.txt", Meeting)));
        Assert.Equal(DatasetFormats.WebVtt, DatasetLoader.DetectFormat(tmp.Write("x.vtt", "junk")));
    }

    [Fact]
    public void Conversation_reader_reads_a_vtt_file_into_turns_with_audio_segments()
    {
        using var tmp = new TempDir();
        var vtt = tmp.Write("call-3.vtt", Meeting);
        File.WriteAllBytes(tmp.File("call-3.mp3"), []);
        var rec = tmp.File("call-3.mp3");
        var c = Assert.Single(ConversationReader.Read(vtt));
        Assert.Equal("call-3", c.Id);
        Assert.Equal([new Turn("Ann", "Hello & welcome, everyone.", Audio: new AudioSegment(rec, 1, 4.5)),
                      new Turn("Bob Stone", "Thanks <Ann>!", Audio: new AudioSegment(rec, 3602.25, 3605)),
                      new Turn("unknown", "No voice here", Audio: new AudioSegment(rec, 3605, 3606.125))], c.Turns);

        // the way `sure predict` opens its input: a reader and the file's name
        using (var reader = ConversationReader.Open(vtt))
            Assert.Equal(c.Turns, Assert.Single(ConversationReader.Read(reader, vtt, ConversationReader.FormatOf(vtt))).Turns);
        // from a stream without a file: no recording to find
        var s = Assert.Single(ConversationReader.Read(new StringReader(Meeting), ConversationReader.StdinName));
        Assert.All(s.Turns, t => Assert.Null(t.Audio));
        Assert.Throws<SureUserException>(() => ConversationReader.Read(tmp.Write("x.txt", "A: hi\n"), recording: rec).ToList());
    }

    [Fact]
    public void Conversation_reader_gives_jsonl_turns_their_audio()
    {
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp.File("rec.wav"), []);
        File.WriteAllBytes(tmp.File("own.wav"), []);
        var path = tmp.Write("in.jsonl",
            "{\"id\": \"d1\", \"audio\": \"rec.wav\", \"utterances\": [{\"speaker\": \"A\", \"text\": \"hi\", \"start\": 0, \"end\": 1.5}, " +
            "{\"speaker\": \"B\", \"text\": \"ho\", \"audio\": \"own.wav\"}]}\n" +
            "{\"id\": \"d2\", \"utterances\": [{\"speaker\": \"A\", \"text\": \"text only\"}]}\n");
        var cs = ConversationReader.Read(path).ToList();
        Assert.Equal([new AudioSegment(tmp.File("rec.wav"), 0, 1.5), new AudioSegment(tmp.File("own.wav"))], cs[0].Turns.Select(t => t.Audio));
        Assert.Null(cs[1].Turns[0].Audio);
        var bad = tmp.Write("bad.jsonl", "{\"id\": \"d1\", \"utterances\": [{\"speaker\": \"A\", \"start\": -2, \"audio\": \"rec.wav\"}]}\n");
        var e = Assert.Throws<SureDataException>(() => ConversationReader.Read(bad).ToList());
        Assert.Equal($"{bad}, dialogue d1, utterance 0: line 1: \"start\" is -2 s; it must be a finite number ≥ 0", e.Message);
    }
}
