using System.Text.Json;
using Sure.Configuration;
using Sure.Data;
using Sure.Inference;
using Sure.Runs;
using Sure.Loading;

namespace Sure.Tests.Cli;

/// <summary><c>sure predict</c> and <c>sure export</c> with a real model file: a GloVe TextCNN run over transcripts,
/// then its data, word vectors and feature cache deleted; transcripts, CSV and standard input labelled as
/// <see cref="SurePredictor"/> labels them.</summary>
[Collection("Console")]
public class PredictWithModelFileTests
{
    [Fact]
    public void PredictLabelsTranscriptCsvAndStdinFromTheModelFileAloneAndExportWritesTheSameModel()
    {
        var (data, glove) = Sure.Tests.Text.TranscriptPipelineTests.Files();
        var dir = Path.GetDirectoryName(data)!;
        var cache = Path.Combine(dir, "cache");
        var config = new SureConfig
        {
            Data = data, Glove = glove, Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2, Epochs = 2, BatchSize = 4, Lr = 3e-3, Threads = 1,
            TextCnn = new Sure.Configuration.TextCnnOptions { Epochs = 3, Filters = 8, FeatureSize = 12 },
        }.Validate();
        var run = Path.Combine(dir, "run");
        TrainingRun.Execute(config, DataSource.Load(config, null, cache), run);
        var exported = Path.Combine(dir, "exported.sure");
        var (exportCode, _, exportErr) = SureCliRunner.Run("export", "--checkpoint", run, "--out", exported, "--cache-dir", cache);
        Assert.True(exportCode == 0, exportErr);
        File.Delete(data);
        File.Delete(glove);
        Directory.Delete(cache, recursive: true);
        var model = Path.Combine(run, ModelFile.FileName);

        // what the library says, turn by turn
        var conversations = new[]
        {
            new Conversation("1", [new Turn("Ann", "the day is so great , love it"), new Turn("Bob", "the day is awful , hate it")]),
            new Conversation("2", [new Turn("Bob", "hate it"), new Turn("Ann", "love it"), new Turn("Bob", "so great")]),
        };
        List<TurnPrediction> expected;
        using (var predictor = SurePredictor.Open(model)) expected = conversations.SelectMany(predictor.Predict).ToList();
        using (var predictor = SurePredictor.Open(exported))
            Assert.Equal(expected.Select(t => t.Probabilities.Values.ToArray()), conversations.SelectMany(predictor.Predict).Select(t => t.Probabilities.Values.ToArray()));

        // a transcript file, JSONL to stdout
        var transcript = Path.Combine(dir, "calls.txt");
        File.WriteAllText(transcript, "Ann: the day is so great , love it\nBob: the day is awful , hate it\n\nBob: hate it\nAnn: love it\nBob: so great\n");
        var (code, output, err) = SureCliRunner.Run("predict", "--model", model, transcript);
        Assert.True(code == 0, err);
        var records = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(expected.Count, records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            Assert.Equal(expected[i].ConversationId, records[i].GetProperty("conversation").GetString());
            Assert.Equal(expected[i].Speaker, records[i].GetProperty("speaker").GetString());
            Assert.Equal(expected[i].Label, records[i].GetProperty("label").GetString());
            // the JSONL carries 4 decimals: compare within that rounding, not by rounding both sides (0.44050 and 0.44054
            // fall on either side of a third-decimal boundary)
            Assert.Equal(expected[i].Probabilities["pos"], records[i].GetProperty("probabilities").GetProperty("pos").GetSingle(), 1e-4);
        }

        // the same as a MELD-style CSV with gold labels, to a CSV file: labels and a metrics table
        var csv = Path.Combine(dir, "calls.csv");
        File.WriteAllText(csv, "Dialogue_ID,Utterance_ID,Speaker,Utterance,Emotion\n1,0,Ann,\"the day is so great , love it\",pos\n1,1,Bob,\"the day is awful , hate it\",neg\n2,0,Bob,hate it,neg\n2,1,Ann,love it,pos\n2,2,Bob,so great,pos\n");
        var outCsv = Path.Combine(dir, "out.csv");
        (code, _, err) = SureCliRunner.Run("predict", "--model", model, csv, "--out", outCsv);
        Assert.True(code == 0, err);
        var rows = Sure.Data.Formats.Rfc4180CsvReader.Parse(File.ReadAllText(outCsv), outCsv).Select(r => r.Fields).ToList();
        Assert.Equal(1 + expected.Count, rows.Count);
        var labelColumn = Array.IndexOf(rows[0].ToArray(), "label");
        Assert.Equal(expected.Select(t => t.Label), rows.Skip(1).Select(r => r[labelColumn]));
        Assert.Contains("weighted F1", err);

        // standard input
        (code, output, err) = SureCliRunner.Capture(() => Sure.Cli.SureCli.Run(["predict", "--model", model, "-"]), File.ReadAllText(transcript));
        Assert.True(code == 0, err);
        Assert.Equal(expected.Count, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
