using Sure.Errors;
using Sure.Inference;
using Sure.Tests.Cli;
using Sure.Tests.Data;

namespace Sure.Tests.Inference;

public class ConversationReaderTests
{
    /// <summary>A conversation as one line: "id | speaker: text [gold] {features} | …".</summary>
    internal static string Show(Conversation c) =>
        c.Id + " | " + string.Join(" | ", c.Turns.Select(t =>
            $"{t.Speaker}: {t.Text}" + (t.Label is null ? "" : $" [{t.Label}]") +
            (t.Features is null ? "" : " {" + string.Join(";", t.Features.Select(f => $"{f.Key}={string.Join(",", f.Value)}")) + "}")));

    internal static string[] Read(string text, ConversationFormat? format = null, string source = "in") =>
        ConversationReader.Read(new StringReader(text), source, format).Select(Show).ToArray();

    private static SureDataException Fails(string text, ConversationFormat? format = null, string source = "in") =>
        Assert.Throws<SureDataException>(() => ConversationReader.Read(new StringReader(text), source, format).ToList());

    private const string Jsonl =
        "{\"sure_format\": 1, \"classes\": [\"neu\", \"ang\"]}\n" +
        "{\"id\": \"d1\", \"split\": \"test\", \"utterances\": [{\"speaker\": \"M\", \"text\": \"Excuse me.\", \"label\": \"neu\"}, {\"speaker\": \"F\", \"text\": \"What?\", \"label\": 1, \"features\": {\"audio\": [0.5, 2]}}]}\n" +
        "\n" +
        "{\"id\": \"d2\", \"utterances\": [{\"speaker\": \"A\", \"text\": \"Hi\"}]}\n";

    internal const string Csv =
        "Sr No.,Utterance,Speaker,Emotion,Sentiment,Dialogue_ID,Utterance_ID\r\n" +
        "1,\"Second, with comma\",Ross,joy,positive,7,1\r\n" +
        "2,First,Rachel,neutral,neutral,7,0\r\n" +
        "3,\"Multi\r\nline\",Joey,,negative,3,0\r\n";

    private const string Transcript =
        "Agent: How can I help?\n" +
        "Customer:   My card was charged twice!  \n" +
        "\n\n" +
        "# call-17\n" +
        "A: Hello: again\n" +
        "\n" +
        "B: Bye\n";

    [Fact]
    public void Jsonl_gives_ids_turns_labels_by_name_and_given_features()
    {
        Assert.Equal(["d1 | M: Excuse me. [neu] | F: What? [ang] {audio=0.5,2}", "d2 | A: Hi"], Read(Jsonl));
    }

    [Fact]
    public void Csv_gives_one_conversation_per_dialogue_ordered_by_utterance_id_with_emotion_as_gold()
    {
        Assert.Equal(["7 | Rachel: First [neutral] | Ross: Second, with comma [joy]", "3 | Joey: Multi\r\nline"], Read(Csv));
    }

    [Fact]
    public void Transcript_splits_on_blank_lines_numbers_conversations_and_takes_hash_ids()
    {
        Assert.Equal(["1 | Agent: How can I help? | Customer: My card was charged twice!", "call-17 | A: Hello: again", "3 | B: Bye"], Read(Transcript));
    }

    [Fact]
    public void The_layout_is_sniffed_from_the_first_non_blank_line()
    {
        Assert.Equal(Read(Jsonl, ConversationFormat.Jsonl), Read("\n  \n" + Jsonl));
        Assert.Equal(Read(Csv, ConversationFormat.Csv), Read(Csv));
        Assert.Equal(Read(Transcript, ConversationFormat.Transcript), Read(Transcript));
        Assert.Equal(["1 | {: not json"], Read("{: not json", ConversationFormat.Transcript));
    }

    [Fact]
    public void Sniffing_keeps_line_numbers_of_the_whole_input()
    {
        var e = Fails("\n\nDialogue_ID,Utterance_ID,Speaker,Utterance\n1,0,A\n");
        Assert.Equal("in: line 4: 3 fields, but the header has 4", e.Message);
    }

    [Fact]
    public void Files_are_read_by_extension_and_sniffed_otherwise()
    {
        using var tmp = new TempDir();
        Assert.Equal(Read(Jsonl), ConversationReader.Read(tmp.Write("a.jsonl", Jsonl)).Select(Show));
        Assert.Equal(Read(Csv), ConversationReader.Read(tmp.Write("a.csv", Csv)).Select(Show));
        Assert.Equal(Read(Transcript), ConversationReader.Read(tmp.Write("a.txt", Transcript)).Select(Show));
        Assert.Equal(Read(Csv), ConversationReader.Read(tmp.Write("a.data", Csv)).Select(Show));
        var missing = tmp.File("none.txt");
        Assert.Equal($"{missing}: no such file.", Assert.Throws<SureUserException>(() => ConversationReader.Read(missing)).Message);
        // a .txt file is a transcript even when it starts with '{'
        Assert.Contains("line 1: expected \"Speaker: text\"", Assert.Throws<SureDataException>(() => ConversationReader.Read(tmp.Write("b.txt", "{ \"id\" }")).ToList()).Message);
    }

    [Fact]
    public void Reading_is_lazy_one_conversation_at_a_time()
    {
        // endless inputs: taking three conversations must not read to the end
        Assert.Equal(3, ConversationReader.Read(new Endless(i => $"{{\"id\": \"d{i}\", \"utterances\": [{{\"speaker\": \"A\", \"text\": \"x\"}}]}}\n"), "in").Take(3).Count());
        Assert.Equal(3, ConversationReader.Read(new Endless(i => i == 0 ? "Dialogue_ID,Utterance_ID,Speaker,Utterance\n" : $"{i},0,A,x\n"), "in").Take(3).Count());
        Assert.Equal(3, ConversationReader.Read(new Endless(i => $"A: x{i}\n\n"), "in").Take(3).Count());
    }

    [Theory]
    [InlineData("A: hi\n:no speaker\n", "in, dialogue 1, utterance 1: line 2: expected \"Speaker: text\", found \":no speaker\"")]
    [InlineData("A: hi\n\n#\nB: x\n", "in: line 3: a '#' line must give the conversation's id (\"# call-17\")")]
    [InlineData("# a\n# b\nB: x\n", "in, dialogue a: line 2: the conversation named on line 1 has no turns")]
    [InlineData("# a\nA: x\n\n# a\nB: y\n", "in, dialogue a: line 5: an earlier conversation has the same id")]
    [InlineData("# a\n", "in, dialogue a: line 1: the conversation has no turns")]
    [InlineData("\n \n", "in: the input holds no conversations")]
    public void Malformed_transcripts_give_one_line_naming_file_line_conversation_and_turn(string text, string message)
    {
        Assert.Equal(message, Fails(text, source: "in").Message);
    }

    [Theory]
    [InlineData("{\"id\": \"d1\", \"utterances\": [{\"speaker\": \"A\", \"label\": 0}]}", "in, dialogue d1, utterance 0: line 1: integer labels need a header line with \"classes\"")]
    [InlineData("{\"sure_format\": 1, \"classes\": [\"a\"]}\n{\"id\": \"d1\", \"utterances\": [{\"speaker\": \"A\"}, {\"speaker\": \"B\", \"label\": 3}]}", "in, dialogue d1, utterance 1: line 2: label 3 is out of range (0..0 for a)")]
    [InlineData("{\"id\": \"d1\", \"utterances\": [{\"text\": \"x\"}]}", "in, dialogue d1, utterance 0: line 1: the utterance has no speaker")]
    [InlineData("{\"id\": \"d1\", \"utterances\": []}", "in, dialogue d1: line 1: the conversation has no turns")]
    [InlineData("{\"id\": \"d1\", \"utterances\": [{\"speaker\": \"A\"}]}\n{\"id\": \"d1\", \"utterances\": [{\"speaker\": \"A\"}]}", "in, dialogue d1: line 2: an earlier conversation has the same id")]
    [InlineData("{\"id\": \"d1\", \"utterances\": [{\"speaker\": \"A\"}]}\n{\"id\": \"d2\", \"utterances\": [{\"speaker\": 3}]}", "in, dialogue d2, utterance 0: line 2: \"speaker\" must be a string")]
    [InlineData("{\"id\": \"d1\"\n", "in: line 1: not valid JSON")]
    [InlineData("{\"sure_format\": 1}\n", "in: the input holds no conversations")]
    public void Malformed_jsonl_gives_one_line_naming_file_line_conversation_and_turn(string text, string message)
    {
        Assert.StartsWith(message, Fails(text).Message);
        Assert.DoesNotContain('\n', Fails(text).Message);
    }

    [Theory]
    [InlineData("Dialogue_ID,Utterance_ID,Speaker\n1,0,A\n", "in: the header has no 'Utterance' column (found: Dialogue_ID, Utterance_ID, Speaker)")]
    [InlineData("Dialogue_ID,Utterance_ID,Speaker,Utterance\n1,0,A,x\n2,0,B,y\n1,1,A,z\n", "in, dialogue 1: line 4: an earlier conversation has the same id (the rows of one dialogue must be contiguous)")]
    [InlineData("Dialogue_ID,Utterance_ID,Speaker,Utterance\n1,0,A,x\n1,0,B,y\n", "in, dialogue 1: line 3: Utterance_ID 0 appears twice")]
    [InlineData("Dialogue_ID,Utterance_ID,Speaker,Utterance\n1,first,A,x\n", "in: line 2: Utterance_ID 'first' is not a non-negative integer")]
    [InlineData("Dialogue_ID,Utterance_ID,Speaker,Utterance\n1,0,A,x\n1,1, ,y\n", "in, dialogue 1, utterance 1: line 3: the Speaker is empty")]
    [InlineData("Dialogue_ID,Utterance_ID,Speaker,Utterance\n1,0,A,\"open\n", "in: line 2: a quoted field is never closed")]
    public void Malformed_csv_gives_one_line_naming_file_line_and_conversation(string text, string message)
    {
        Assert.Equal(message, Fails(text).Message);
    }

    /// <summary>A reader that never ends: chunk i of the text is <c>chunk(i)</c>.</summary>
    private sealed class Endless(Func<int, string> chunk) : TextReader
    {
        private string _current = "";
        private int _pos, _next;

        public override int Read(char[] buffer, int index, int count)
        {
            if (_pos == _current.Length)
            {
                _current = chunk(_next++);
                _pos = 0;
            }
            var n = Math.Min(count, _current.Length - _pos);
            _current.CopyTo(_pos, buffer, index, n);
            _pos += n;
            return n;
        }

        public override int Read() => throw new NotSupportedException();

        public override string? ReadLine()
        {
            var line = new System.Text.StringBuilder();
            var one = new char[1];
            while (Read(one, 0, 1) == 1 && one[0] != '\n') line.Append(one[0]);
            return line.ToString();
        }
    }
}

/// <summary>Standard input, through <see cref="Console.SetIn"/>.</summary>
[Collection("Console")]
public class ConversationReaderStdinTests
{
    private static string Show(Conversation c) => ConversationReaderTests.Show(c);
    private const string Csv = ConversationReaderTests.Csv;

    [Fact]
    public void Dash_reads_standard_input_and_names_it_stdin_in_errors()
    {
        string[] read = [];
        SureCliRunner.Capture(() => { read = ConversationReader.Read("-").Select(Show).ToArray(); return 0; }, stdin: Csv);
        Assert.Equal(ConversationReaderTests.Read(Csv), read);
        SureDataException? error = null;
        SureCliRunner.Capture(() => { error = Assert.Throws<SureDataException>(() => ConversationReader.Read("-").ToList()); return 0; }, stdin: "A: hi\nno speaker here\n");
        Assert.Equal("stdin, dialogue 1, utterance 1: line 2: expected \"Speaker: text\", found \"no speaker here\"", error!.Message);
    }
}
