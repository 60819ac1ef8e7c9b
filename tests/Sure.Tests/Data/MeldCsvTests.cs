using Sure.Data;
using Sure.Data.Formats;
using Sure.Errors;

namespace Sure.Tests.Data;

public class MeldCsvTests
{
    private const string HeaderRow = "Sr No.,Utterance,Speaker,Emotion,Sentiment,Dialogue_ID,Utterance_ID,Season,Episode,StartTime,EndTime\r\n";

    [Fact]
    public void Quoted_fields_with_commas_quotes_and_newlines_crlf()
    {
        var rows = Rfc4180CsvReader.Parse("a,\"b,1\",\"say \"\"hi\"\"\r\nthere\"\r\nx,,\"\"\r\n\r\nlast,row,no-newline", "f.csv").ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["a", "b,1", "say \"hi\"\r\nthere"], rows[0].Fields);
        Assert.Equal(["x", "", ""], rows[1].Fields);
        Assert.Equal(3, rows[1].Line);
        Assert.Equal(["last", "row", "no-newline"], rows[2].Fields);
        Assert.Throws<SureDataException>(() => Rfc4180CsvReader.Parse("a,\"open", "f.csv").ToList());
    }

    [Fact]
    public void Folder_of_csvs_loads_with_split_prefixed_ids_ordered_by_utterance_id()
    {
        using var tmp = new TempDir();
        tmp.Write("train_sent_emo.csv", "\uFEFF" + HeaderRow +
            "1,\"Second, with comma\",Ross,joy,positive,3,2,1,1,a,b\r\n" +
            "2,First,Rachel,neutral,neutral,3,0,1,1,a,b\r\n" +
            "3,\"Multi\r\nline\",Joey,anger,negative,0,0,1,1,a,b\r\n");
        tmp.Write("test_sent_emo.csv", HeaderRow + "1,T,Monica,fear,negative,0,0,1,1,a,b\r\n");
        var ds = DatasetLoader.Load(tmp.File("test_sent_emo.csv"), null, out var report);
        Assert.Equal(DatasetFormats.MeldCsv, ds.Format);
        Assert.Equal(DatasetIdentity.Meld, ds.Identity);
        Assert.Equal(["train/0", "train/3", "test/0"], ds.Dialogues.Select(d => d.Id));
        Assert.Equal(["First", "Second, with comma"], ds.Dialogues[1].Utterances.Select(u => u.Text));
        Assert.Equal([0, 4], ds.Dialogues[1].Utterances.Select(u => u.Label));
        Assert.Equal("Multi\r\nline", ds.Dialogues[0].Utterances[0].Text);
        Assert.Equal(Split.Test, ds.Dialogues[2].Split);
        Assert.Contains(report.Warnings, w => w.Contains("dev_sent_emo.csv"));
    }

    [Fact]
    public void Bad_rows_are_reported_with_file_and_line()
    {
        using var tmp = new TempDir();
        tmp.Write("dev_sent_emo.csv", HeaderRow + "1,x,Ross,happy,positive,0,0,1,1,a,b\r\n");
        var ex = Assert.Throws<SureDataException>(() => DatasetLoader.Load(tmp.Path));
        Assert.Contains("line 2", ex.Message);
        Assert.Contains("happy", ex.Message);
        Assert.Equal("dev/0", ex.DialogueId);
        tmp.Write("dev_sent_emo.csv", HeaderRow + "1,x,Ross,joy,positive,0\r\n");
        Assert.Contains("fields", Assert.Throws<SureDataException>(() => DatasetLoader.Load(tmp.Path)).Message);
        tmp.Write("dev_sent_emo.csv", HeaderRow + "1,x,Ross,joy,positive,0,0,1,1,a,b\r\n2,y,Ross,joy,positive,0,0,1,1,a,b\r\n");
        Assert.Contains("twice", Assert.Throws<SureDataException>(() => DatasetLoader.Load(tmp.Path)).Message);
    }
}
