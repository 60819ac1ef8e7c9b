using Sure.Inference;

namespace Sure.Tests.Inference;

public class PredictionWriterTests
{
    private static readonly string[] Classes = ["neu", "ang", "joy"];

    private static TurnPrediction Record(string text, string? gold, float? knownWords) =>
        new("c1", 0, "A", text, "ang", new Dictionary<string, float> { ["neu"] = 0.1f, ["ang"] = 0.8f, ["joy"] = 0.1f }, 0.8f, 0.63903f,
            new Dictionary<string, float[]> { ["text"] = [0.25f, 0.75f], ["audio"] = [1f] },
            new Dictionary<string, float[]> { ["text"] = [0.5f, 0.0001234f], ["audio"] = [12.34567f] }, knownWords, gold);

    private static string Write(PredictionFormat format, params TurnPrediction[] records)
    {
        var text = new StringWriter();
        var writer = new PredictionWriter(text, format, Classes);
        foreach (var r in records) writer.Write(r);
        Assert.Equal(records.Length, writer.Count);
        return text.ToString();
    }

    [Fact]
    public void Jsonl_writes_one_snake_case_object_per_turn_with_rounded_numbers_and_gold_only_when_known()
    {
        var text = Write(PredictionFormat.Jsonl, Record("Hi, \"you\" café", "neu", 0.66666f), Record("x", null, null) with { Index = 1, Confidence = float.NaN });
        Assert.Equal(
            "{\"conversation\":\"c1\",\"index\":0,\"speaker\":\"A\",\"text\":\"Hi, \\\"you\\\" café\",\"label\":\"ang\",\"label_name\":\"angry\",\"probabilities\":{\"neu\":0.1,\"ang\":0.8,\"joy\":0.1}," +
            "\"confidence\":0.8,\"entropy\":0.639,\"routing\":{\"text\":[0.25,0.75],\"audio\":[1]},\"expert_uncertainty\":{\"text\":[0.5,0.0001234],\"audio\":[12.35]}," +
            "\"known_word_share\":0.6667,\"gold\":\"neu\"}\n" +
            "{\"conversation\":\"c1\",\"index\":1,\"speaker\":\"A\",\"text\":\"x\",\"label\":\"ang\",\"label_name\":\"angry\",\"probabilities\":{\"neu\":0.1,\"ang\":0.8,\"joy\":0.1}," +
            "\"confidence\":null,\"entropy\":0.639,\"routing\":{\"text\":[0.25,0.75],\"audio\":[1]},\"expert_uncertainty\":{\"text\":[0.5,0.0001234],\"audio\":[12.35]}," +
            "\"known_word_share\":null}\n",
            text);
    }

    [Fact]
    public void Csv_has_a_header_from_classes_and_routing_shape_and_quotes_by_rfc_4180()
    {
        var text = Write(PredictionFormat.Csv, Record("Hi, \"you\"\nthere", "neu", 1f), Record("plain", null, null) with { Index = 1, Routing = new Dictionary<string, float[]>() });
        Assert.Equal(
            "conversation,index,speaker,text,label,label_name,confidence,entropy,known_word_share,gold,p_neu,p_ang,p_joy," +
            "routing_text_0,routing_text_1,routing_audio_0,uncertainty_text_0,uncertainty_text_1,uncertainty_audio_0\n" +
            "c1,0,A,\"Hi, \"\"you\"\"\nthere\",ang,angry,0.8,0.639,1,neu,0.1,0.8,0.1,0.25,0.75,1,0.5,0.0001234,12.35\n" +
            "c1,1,A,plain,ang,angry,0.8,0.639,,,0.1,0.8,0.1,,,,0.5,0.0001234,12.35\n",
            text);
    }

    [Fact]
    public void Csv_output_reads_back_with_our_csv_reader()
    {
        var text = Write(PredictionFormat.Csv, Record("a,b \"c\"\r\nd", "neu", 1f));
        var rows = Sure.Data.Formats.Rfc4180CsvReader.Parse(text, "out.csv").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows[0].Fields.Length, rows[1].Fields.Length);
        Assert.Equal("a,b \"c\"\r\nd", rows[1].Fields[3]);
    }
}
