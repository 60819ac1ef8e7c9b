using System.Text.Json;
using Sure.Cli.Commands;
using Sure.Errors;
using Sure.Tests.Data;
using Sure.Tests.Inference;

namespace Sure.Tests.Cli;

/// <summary>Any CSV is read through --columns by train, data inspect, data convert and predict alike (dialogue, speaker,
/// text, label, split and order columns), and a CSV without a mapping is told to give one.</summary>
[Collection("Console")]
public class CsvColumnsCliTests
{
    // two calls; call A's rows are out of order (turn 1 comes before turn 0 in the file), call B is in another split
    private const string Calls =
        "call_id,who,utterance,emotion,part,turn\n" +
        "A,agent,thanks for waiting!,neutral,train,1\n" +
        "A,caller,my card was charged twice,anger,train,0\n" +
        "B,caller,ok,neutral,test,0\n" +
        "A,caller,great,,train,2\n";

    private const string Columns = "dialogue=call_id,speaker=who,text=utterance,label=emotion,split=part,order=turn";

    [Fact]
    public void Data_inspect_and_convert_read_any_csv_through_the_mapping_in_the_order_column()
    {
        using var tmp = new TempDir();
        var csv = tmp.Write("support-calls.csv", Calls);
        var (code, _, err) = SureCliRunner.Run("data", "inspect", csv, "--columns", Columns); // its tables go to the terminal
        Assert.True(code == 0, err);

        var jsonl = tmp.File("calls.jsonl");
        (code, _, err) = SureCliRunner.Run("data", "convert", csv, "--columns", Columns, "--out", jsonl);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(jsonl);
        Assert.Contains("\"neutral\"", lines[0]); // the header names the classes
        var a = JsonDocument.Parse(lines.Single(l => l.Contains("\"id\": \"A\"") || l.Contains("\"id\":\"A\""))).RootElement;
        Assert.Equal(["my card was charged twice", "thanks for waiting!", "great"],
            a.GetProperty("utterances").EnumerateArray().Select(u => u.GetProperty("text").GetString()));
        Assert.Equal("train", a.GetProperty("split").GetString());
    }

    [Fact]
    public void Train_reads_the_same_csv_through_the_mapping()
    {
        using var tmp = new TempDir();
        var csv = tmp.Write("support-calls.csv", Calls);
        // read through the mapping: what stops it is the missing text features, not the CSV's name
        var (code, _, err) = SureCliRunner.Run("train", "--data", csv, "--columns", Columns, "--epochs", "1", "--out", tmp.File("run"));
        Assert.Equal(1, code);
        Assert.Contains("the data has no", err);
        Assert.Contains("pass --glove VECTORS", err);
    }

    [Fact]
    public void Predict_reads_the_same_csv_through_the_mapping()
    {
        using var tmp = new TempDir();
        var csv = tmp.Write("support-calls.csv", Calls);
        var fake = new FakePredictor();
        var opened = new PredictCommand.OpenedModel(FakePredictor.Classes, fake.Predict, null);
        var map = tmp.Write("map.txt", "neutral=neu\nanger=ang\n");
        var (code, output, err) = SureCliRunner.Capture(() => PredictCommand.Execute(
            new PredictCommand.Settings("fake.sure", csv, null, null, 0, LabelMap: map, Columns: Columns), (_, _) => opened));
        Assert.True(code == 0, err);
        var records = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["A#0 my card was charged twice/ang", "A#1 thanks for waiting!/neu", "A#2 great/", "B#0 ok/neu"],
            records.Select(r => $"{r.GetProperty("conversation").GetString()}#{r.GetProperty("index").GetInt32()} {r.GetProperty("text").GetString()}/{(r.TryGetProperty("gold", out var g) ? g.GetString() : "")}"));
        Assert.Contains("3 labelled turns", PredictCommandTests.OneLine(err));
    }

    [Fact]
    public void A_csv_without_a_mapping_is_told_how_to_give_one_and_a_bad_order_is_one_line()
    {
        using var tmp = new TempDir();
        var csv = tmp.Write("support-calls.csv", Calls);
        var (code, _, err) = SureCliRunner.Run("data", "inspect", csv);
        Assert.Equal(1, code);
        Assert.Contains("--columns dialogue=COLUMN,speaker=COLUMN,text=COLUMN,label=COLUMN", err);
        Assert.DoesNotContain("MELD", err);

        var twice = tmp.Write("twice.csv", "call_id,who,utterance,turn\nA,x,hi,0\nA,y,yo,0\n");
        (code, _, err) = SureCliRunner.Run("data", "inspect", twice, "--columns", "dialogue=call_id,speaker=who,text=utterance,order=turn", "--classes", "neutral");
        Assert.Equal(1, code);
        Assert.Equal($"error: {twice}, dialogue A: lines 2 and 3: both have order 0 in this dialogue", err.Trim());

        // called as a library: the message names the setting (the CLI renders it as --columns)
        var e = Assert.Throws<SureDataException>(() => Sure.Data.Formats.CsvColumnMapping.Parse("speaker=who,text=t,order=turn"));
        Assert.Equal("columns: order=turn needs a dialogue column (dialogue=COLUMN)", e.Message);
    }
}
