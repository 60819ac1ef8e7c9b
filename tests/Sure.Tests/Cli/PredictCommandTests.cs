using System.Text.Json;
using Sure.Cli.Commands;
using Sure.Errors;
using Sure.Inference;
using Sure.Tests.Data;
using Sure.Tests.Inference;

namespace Sure.Tests.Cli;

/// <summary><c>sure predict</c> end to end, with <see cref="FakePredictor"/> in place of the model file.</summary>
[Collection("Console")]
public class PredictCommandTests
{
    private const string Labelled = "Dialogue_ID,Utterance_ID,Speaker,Utterance,Emotion\n1,0,A,hi,neu\n1,1,B,no!,ang\n2,0,A,why,ang\n";

    private static (int Code, string Out, string Err) Predict(string input, string? outPath = null, string? format = null, string? stdin = null, FakePredictor? fake = null, string? labelMap = null)
    {
        fake ??= new FakePredictor();
        var opened = new PredictCommand.OpenedModel(FakePredictor.Classes, fake.Predict, null);
        return SureCliRunner.Capture(() => PredictCommand.Execute(new PredictCommand.Settings("fake.sure", input, outPath, format, 0, LabelMap: labelMap), (_, _) => opened), stdin);
    }

    /// <summary>Standard error with its line breaks and runs of spaces as one space (a table title wraps at the table's width).</summary>
    internal static string OneLine(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    [Fact]
    public void Unknown_model_path_gives_one_line_and_exit_1()
    {
        using var tmp = new TempDir();
        var input = tmp.Write("in.txt", "A: hi\n");
        var (code, output, err) = SureCliRunner.Run("predict", "--model", tmp.File("none.sure"), input);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"error: {tmp.File("none.sure")}: no such model file.", err.Trim());
    }

    [Theory]
    [InlineData("--threads", "-1")]
    [InlineData("--format", "xml")]
    public void Bad_options_give_one_line_and_a_non_zero_exit(string option, string value)
    {
        using var tmp = new TempDir();
        var (code, _, err) = SureCliRunner.Run("predict", "--model", tmp.Write("m.sure", ""), tmp.Write("in.txt", "A: hi\n"), option, value);
        Assert.NotEqual(0, code);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error:", err);
    }

    [Fact]
    public void Given_vectors_the_model_does_not_read_are_ignored_with_one_warning_per_key()
    {
        using var tmp = new TempDir();
        var input = tmp.Write("in.jsonl",
            "{\"id\": \"c1\", \"utterances\": [{\"speaker\": \"A\", \"text\": \"hi\", \"features\": {\"text\": [0.1, 0.2], \"audio\": [1]}}, {\"speaker\": \"B\", \"text\": \"no!\", \"features\": {\"text\": [0.3, 0.4], \"audio\": [2]}}]}\n" +
            "{\"id\": \"c2\", \"utterances\": [{\"speaker\": \"A\", \"text\": \"why\", \"features\": {\"text\": [0.5, 0.6], \"audio\": [3]}}]}\n");
        var fake = new FakePredictor();
        // a model that makes its text vectors itself and reads audio as given
        var opened = new PredictCommand.OpenedModel(FakePredictor.Classes, fake.Predict, null,
            WhyNotRead: key => key == "audio" ? null : $"this model makes its {key} vectors itself; leave features.{key} out.");
        var (code, output, err) = SureCliRunner.Capture(() => PredictCommand.Execute(new PredictCommand.Settings("fake.sure", input, null, null, 0), (_, _) => opened));
        Assert.Equal(0, code);
        Assert.Equal(3, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // every turn labelled
        var warnings = err.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"warning: {input}: features.text of 3 turns ignored: this model makes its text vectors itself; leave features.text out."], warnings);
    }

    [Fact]
    public void Missing_input_is_named_before_the_model_is_opened()
    {
        using var tmp = new TempDir();
        var (code, _, err) = SureCliRunner.Run("predict", "--model", tmp.File("none.sure"), tmp.File("in.txt"));
        Assert.Equal(1, code);
        Assert.Equal($"error: {tmp.File("in.txt")}: no such file.", err.Trim());
    }

    [Fact]
    public void Predictions_go_to_stdout_as_jsonl_and_metrics_to_stderr()
    {
        using var tmp = new TempDir();
        var (code, output, err) = Predict(tmp.Write("in.csv", Labelled));
        Assert.Equal(0, code);
        var records = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["1#0 neu/neu", "1#1 ang/ang", "2#0 neu/ang"],
            records.Select(r => $"{r.GetProperty("conversation").GetString()}#{r.GetProperty("index").GetInt32()} {r.GetProperty("label").GetString()}/{r.GetProperty("gold").GetString()}"));
        Assert.Contains("3 labelled turns", OneLine(err)); // the table's title may wrap
        Assert.Contains("66.67", err); // accuracy 2 of 3
        Assert.DoesNotContain("Wrote", err);
    }

    [Fact]
    public void Unlabelled_input_prints_no_metrics()
    {
        using var tmp = new TempDir();
        var (code, output, err) = Predict(tmp.Write("in.txt", "A: hi\nB: ho\n"));
        Assert.Equal(0, code);
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("", err);
    }

    [Fact]
    public void Out_file_gets_csv_by_its_extension_and_nothing_goes_to_stdout()
    {
        using var tmp = new TempDir();
        var outPath = tmp.File("pred.csv");
        var (code, output, err) = Predict(tmp.Write("in.csv", Labelled), outPath);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        var lines = File.ReadAllLines(outPath);
        Assert.StartsWith("conversation,index,speaker,text,label,label_name,confidence,entropy,known_word_share,gold,p_neu,p_ang,p_joy,routing_text_0", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("1,0,A,hi,neu,neutral,0.8,0.639,1,neu,", lines[1]);
        Assert.Contains($"Wrote 3 predictions for 2 conversations to {outPath}.", err);
        Assert.Equal([outPath], Directory.GetFiles(tmp.Path, "pred*")); // no temporary file left
    }

    [Fact]
    public void Format_option_wins_over_the_out_extension()
    {
        using var tmp = new TempDir();
        var outPath = tmp.File("pred.csv");
        Assert.Equal(0, Predict(tmp.Write("in.txt", "A: hi\n"), outPath, "jsonl").Code);
        Assert.StartsWith("{\"conversation\":\"1\"", File.ReadAllText(outPath));
        Assert.Equal(0, Predict(tmp.Write("in2.txt", "A: hi\n"), "-", "csv").Code);
    }

    [Fact]
    public void Standard_input_is_read_with_a_dash()
    {
        var (code, output, _) = Predict("-", stdin: "{\"id\": \"s1\", \"utterances\": [{\"speaker\": \"A\", \"text\": \"wow!\"}]}\n");
        Assert.Equal(0, code);
        Assert.Equal("s1", JsonDocument.Parse(output).RootElement.GetProperty("conversation").GetString());
    }

    [Fact]
    public void Conversations_with_few_known_words_are_warned_about_on_stderr()
    {
        using var tmp = new TempDir();
        var (code, output, err) = Predict(tmp.Write("in.txt", "# odd\nA: zzz qqq\nB: fine\n\n# ok\nA: all good\n"));
        Assert.Equal(0, code);
        Assert.Equal(3, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal($"warning: {tmp.File("in.txt")}, conversation odd: the model knows 33% of its 3 words; its predictions rest on little text.", lines[0]);
        Assert.Equal("warning: 1 of 2 conversations have under 50% known words.", lines[1]);
    }

    private const string OtherVocabulary = "Dialogue_ID,Utterance_ID,Speaker,Utterance,Emotion\n1,0,A,hi,neu\n7,0,A,hi,sadness\n7,1,B,no!,sadness\n8,0,A,why,fear\n";

    [Fact]
    public void Gold_labels_outside_the_model_classes_are_left_out_of_the_metrics_with_one_warning_never_an_abort()
    {
        using var tmp = new TempDir();
        var input = tmp.Write("in.csv", OtherVocabulary);
        var (code, output, err) = Predict(input);
        Assert.Equal(0, code);
        var records = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["neu", "sadness", "sadness", "fear"], records.Select(r => r.GetProperty("gold").GetString())); // written as given
        Assert.Contains($"warning: {input}: 3 labelled turns left out of the metrics: their gold labels are none of the model's classes ('fear' ×1, 'sadness' ×2; "
            + "the model's: neu, ang, joy); map them with --label-map FILE (lines 'from=to', e.g. neutral=neu).", err);
        Assert.Contains("1 labelled turns", OneLine(err));
    }

    [Fact]
    public void A_label_map_maps_gold_labels_to_the_model_classes_before_scoring()
    {
        using var tmp = new TempDir();
        var map = tmp.Write("map.txt", "# MELD-style to ours\nsadness = ang\n\nFEAR=joy\n");
        var (code, output, err) = Predict(tmp.Write("in.csv", OtherVocabulary), labelMap: map);
        Assert.Equal(0, code);
        var records = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["neu", "ang", "ang", "joy"], records.Select(r => r.GetProperty("gold").GetString()));
        Assert.DoesNotContain("warning", err);
        Assert.Contains("4 labelled turns", OneLine(err));
    }

    [Theory]
    [InlineData("sadness\n", "line 1: expected 'from=to' (e.g. neutral=neu), got 'sadness'.")]
    [InlineData("a=b\na=c\n", "line 2: 'a' is mapped twice (b, c).")]
    [InlineData("# nothing\n", "no 'from=to' line (e.g. neutral=neu).")]
    public void A_malformed_label_map_is_one_line_naming_the_file_and_line(string content, string problem)
    {
        using var tmp = new TempDir();
        var map = tmp.Write("map.txt", content);
        var e = Assert.Throws<SureDataException>(() => Predict(tmp.Write("in.csv", OtherVocabulary), labelMap: map));
        Assert.Equal($"{map}: {problem}", e.Message);
    }
}
