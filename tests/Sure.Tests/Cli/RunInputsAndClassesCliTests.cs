using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Tests.Data;

namespace Sure.Tests.Cli;

/// <summary>Through the CLI: --glove suggested for transcripts, self-contained run folders, --classes, the cache folder.</summary>
public class RunInputsAndClassesCliTests
{
    private static readonly string[] Tiny = ["--hidden", "16", "--heads", "2", "--experts", "3", "--top-k", "2", "--epochs", "1", "--batch-size", "4", "--threads", "1"];

    /// <summary>12 dialogues of 4 utterances with 4-d text features (random, drawn with <paramref name="seed"/>), two
    /// classes, written to <paramref name="fileName"/> in <paramref name="dir"/>.</summary>
    internal static string FeatureData(string dir, string fileName = "calls.jsonl", int seed = 7)
    {
        var rng = new Random(seed);
        var lines = new List<string> { "{\"sure_format\": 1, \"classes\": [\"calm\", \"upset\"]}" };
        for (int d = 0; d < 12; d++)
        {
            var utts = Enumerable.Range(0, 4).Select(i =>
            {
                var f = string.Join(", ", Enumerable.Range(0, 4).Select(_ => (rng.NextDouble() - 0.5).ToString("F3", CultureInfo.InvariantCulture)));
                return $"{{\"speaker\": \"{(i % 2 == 0 ? "a" : "b")}\", \"label\": {(d + i) % 2}, \"features\": {{\"text\": [{f}]}}}}";
            });
            lines.Add($"{{\"id\": \"c{d}\", \"split\": \"{(d < 8 ? "train" : d < 10 ? "valid" : "test")}\", \"utterances\": [{string.Join(", ", utts)}]}}");
        }
        var path = Path.Combine(dir, fileName);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string NewDir() => Directory.CreateTempSubdirectory("sure-cli-fixes-").FullName;

    private static void AssertOneLineError(int code, string err, params string[] parts)
    {
        Assert.Equal(1, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        foreach (var p in parts) Assert.Contains(p, line);
    }

    [Fact]
    public void TranscriptsWithoutTextFeaturesSuggestGlove()
    {
        var (data, _) = Sure.Tests.Text.TranscriptPipelineTests.Files();
        var (code, _, err) = SureCliRunner.Run(["train", "--data", data, .. Tiny]);
        AssertOneLineError(code, err, data, "the data has no text", "it has transcripts: pass --glove VECTORS");
    }

    [Fact]
    public void RunFolderStoresAbsoluteInputPathsAndRefusesMovedOrChangedDataInOneLine()
    {
        var dir = NewDir();
        var data = FeatureData(dir);
        var run = Path.Combine(dir, "run");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, data);
        var (code, _, err) = SureCliRunner.Run(["train", "--data", relative, "--out", run, .. Tiny]);
        Assert.True(code == 0, err);

        Assert.Equal(data, Sure.Runs.RunFolder.ReadConfig(run).Data);
        var inputs = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "inputs.json")))!;
        Assert.Equal(data, (string?)inputs["data"]!["path"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(data))), (string?)inputs["data"]!["sha256"]);
        Assert.Equal(0, SureCliRunner.Run("eval", "--checkpoint", run).Code);

        // changed: one more dialogue
        var original = File.ReadAllText(data);
        File.AppendAllText(data, File.ReadAllLines(data)[1].Replace("\"c0\"", "\"extra\"") + "\n");
        (code, _, err) = SureCliRunner.Run("eval", "--checkpoint", run);
        AssertOneLineError(code, err, data, "changed since it was trained");

        // moved
        File.WriteAllText(data, original);
        var moved = Path.Combine(dir, "moved.jsonl");
        File.Move(data, moved);
        (code, _, err) = SureCliRunner.Run("eval", "--checkpoint", run);
        AssertOneLineError(code, err, data, "no longer there", "--data");
        Assert.Equal(0, SureCliRunner.Run("eval", "--checkpoint", run, "--data", moved).Code);
    }

    [Fact]
    public void ClassesNameTheClassesOfTrainingDataAndStayInTheRunsConfig()
    {
        var dir = NewDir();
        var data = Path.Combine(dir, "talk.pkl");
        File.WriteAllBytes(data, TinyPickle.Cosmic(meldLayout: false, oneHot: true, classes: 7));
        var glove = Path.Combine(dir, "vectors.txt");
        File.WriteAllLines(glove, ["the 0.1 0.2 0.3", "day -0.1 0.0 0.4", "is 0.3 0.3 -0.2", "so 0.0 -0.5 0.1", "great 0.9 0.1 0.0"]);
        var run = Path.Combine(dir, "run");
        const string names = "neutral,joy,sadness,anger,fear,disgust,surprise";
        var (code, _, err) = SureCliRunner.Run(["train", "--data", data, "--glove", glove, "--textcnn-epochs", "1", "--classes", names, "--out", run, .. Tiny]);
        Assert.True(code == 0, err);
        Assert.Equal(names.Split(','), Sure.Runs.RunFolder.ReadModelInfo(run).ClassNames);
        Assert.Equal(names, Sure.Runs.RunFolder.ReadConfig(run).Classes);
        Assert.Equal(0, SureCliRunner.Run("eval", "--checkpoint", run, "--split", "all").Code);
    }

    [Fact]
    public void DataInspectWithTooFewClassesNamesTheDialogueAndUtterance()
    {
        var dir = NewDir();
        var data = Path.Combine(dir, "talk.pkl");
        File.WriteAllBytes(data, TinyPickle.Cosmic(meldLayout: false, oneHot: true, classes: 7));
        var (code, _, err) = SureCliRunner.Run("data", "inspect", data, "--classes", "a,b,c");
        AssertOneLineError(code, err, data, "dialogue d0, utterance 3", "label 3 is out of range of --classes");
    }

    [Fact]
    public void ConfigWithoutClassesStillLoads() =>
        Assert.Null(SureConfig.FromJson("{\"data\": \"x.pkl\", \"hidden\": 16}").Classes);

    [Fact]
    public void FoldAverageExportKeepsTheCrossFittedTrainingVectorsAndReplacesTheOthers()
    {
        var (data, _) = Sure.Tests.Text.TranscriptPipelineTests.Files();
        var dir = Path.GetDirectoryName(data)!;
        string[] Export(string name, params string[] extra) =>
        [
            "features", "text", "--data", data, "--text-encoder", "minilm-ft", "--encoder-epochs", "1", "--encoder-max-tokens", "16",
            "--encoder-folds", "2", "--threads", "1", "--cache-dir", Path.Combine(dir, "cache"), "--out", Path.Combine(dir, name), .. extra,
        ];
        var (code, _, err) = SureCliRunner.Run(Export("full.jsonl"));
        Assert.True(code == 0, err);
        (code, var output, err) = SureCliRunner.Run(Export("average.jsonl", "--encoder-fold-average"));
        Assert.True(code == 0, err);
        Assert.Contains("the mean of the 2 fold encoders'", output);
        var full = DatasetLoader.Load(Path.Combine(dir, "full.jsonl"), new DatasetLoadOptions(), out _);
        var average = DatasetLoader.Load(Path.Combine(dir, "average.jsonl"), new DatasetLoadOptions(), out _);
        for (int d = 0; d < full.Dialogues.Count; d++)
            for (int u = 0; u < full.Dialogues[d].Utterances.Count; u++)
            {
                float[] a = full.Dialogues[d].Utterances[u][Modality.Text]!, b = average.Dialogues[d].Utterances[u][Modality.Text]!;
                if (full.Dialogues[d].Split == Split.Train) Assert.Equal(a, b);
                else Assert.NotEqual(a, b);
            }

        // without cross-fitting there are no fold encoders to average: one line, no stack trace
        (code, _, err) = SureCliRunner.Run("features", "text", "--data", data, "--text-encoder", "minilm-ft", "--encoder-fold-average", "--out", Path.Combine(dir, "x.jsonl"));
        Assert.NotEqual(0, code);
        Assert.Contains("--encoder-fold-average needs", err);
        Assert.DoesNotContain(" at ", err);
    }

    [Fact]
    public void CacheDirOptionHoldsTheTextFeatures()
    {
        var (data, glove) = Sure.Tests.Text.TranscriptPipelineTests.Files();
        var cache = Path.Combine(Path.GetDirectoryName(data)!, "my-cache");
        var (code, _, err) = SureCliRunner.Run("features", "text", "--data", data, "--glove", glove, "--epochs", "1", "--threads", "1",
            "--out", Path.Combine(Path.GetDirectoryName(data)!, "out.jsonl"), "--cache-dir", cache);
        Assert.True(code == 0, err);
        Assert.Single(Directory.GetFiles(Path.Combine(cache, "text-features"), "*.stf"));
    }
}
