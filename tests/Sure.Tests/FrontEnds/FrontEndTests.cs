using System.Globalization;
using Sure.Configuration;
using Sure.Data;
using Sure.Errors;
using Sure.FrontEnds;
using Sure.Inference;
using Sure.Runs;

namespace Sure.Tests.FrontEnds;

/// <summary>A front end registered only in a test flows from data loading through training and the model file to prediction.</summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class FrontEndTests
{
    private static readonly FrontEndCatalog Catalog = FrontEndCatalog.Empty.With(new FakeAudioFrontEndKind());

    /// <summary>16 dialogues of 4 utterances; each utterance's "recording" is a text file of 3 numbers in which the class shows.</summary>
    private static string Corpus(string dir)
    {
        var rng = new Random(3);
        Directory.CreateDirectory(Path.Combine(dir, "rec"));
        var lines = new List<string> { "{\"sure_format\": 1, \"classes\": [\"calm\", \"upset\"]}" };
        for (int d = 0; d < 16; d++)
        {
            var utts = new List<string>();
            for (int i = 0; i < 4; i++)
            {
                int y = rng.Next(2);
                var file = $"rec/d{d}-u{i}.txt";
                File.WriteAllText(Path.Combine(dir, file), string.Join(" ", Enumerable.Range(0, 3).Select(k =>
                    (4 * ((k == y ? 2.0 : 0.0) + rng.NextDouble() - 0.5)).ToString("F3", CultureInfo.InvariantCulture))));
                utts.Add($"{{\"speaker\": \"{(i % 2 == 0 ? "a" : "b")}\", \"label\": \"{(y == 0 ? "calm" : "upset")}\", \"audio\": \"{file}\"}}");
            }
            lines.Add($"{{\"id\": \"c{d}\", \"split\": \"{(d < 10 ? "train" : d < 12 ? "valid" : "test")}\", \"utterances\": [{string.Join(", ", utts)}]}}");
        }
        var path = Path.Combine(dir, "calls.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void A_front_end_registered_only_in_a_test_flows_from_training_to_model_file_to_prediction()
    {
        using var tmp = new Sure.Tests.Data.TempDir();
        var data = Corpus(tmp.Path);
        var config = new SureConfig { Data = data, AudioEncoder = FakeAudioFrontEnd.KindName, Modalities = "a", Hidden = 16, Heads = 2, Epochs = 2, Lr = 1e-2, Threads = 1 }.Validate();
        var loaded = DataSource.Load(config, null, Path.Combine(tmp.Path, "cache"), Catalog);
        var fe = Assert.IsType<FakeAudioFrontEnd>(Assert.Single(loaded.FrontEnds));
        Assert.Equal(3, loaded.InputDims[(int)Modality.Audio]);
        var run = Path.Combine(tmp.Path, "run");
        TrainingRun.Execute(config, loaded, run);

        var modelFile = Path.Combine(run, ModelFile.FileName);
        var contents = ModelFile.Read(modelFile, Catalog);
        var entry = Assert.Single(contents.Manifest.FrontEnds!);
        Assert.Equal(("audio", FakeAudioFrontEnd.KindName, 3), (entry.Modality, entry.Kind, entry.Dim));
        Assert.NotNull(entry.Fingerprint);
        Assert.Equal(fe.Scale, Assert.IsType<FakeAudioFrontEnd>(Assert.Single(contents.FrontEnds)).Scale); // what it learned travels in the file
        Assert.Equal(ModelFile.FormatVersion, contents.Manifest.FormatVersion);

        // the predictor makes the audio vectors itself from each turn's recording, and predicts what the run's model does
        using var model = TrainedModel.Open(run, dataOverride: null, Path.Combine(tmp.Path, "cache"), frontEnds: Catalog);
        var test = model.Data.Dataset.In(Split.Test).ToList();
        using var predictor = SurePredictor.Open(modelFile, new PredictorOptions(1, Catalog));
        foreach (var d in test)
        {
            var expected = model.Predict(d).OrderBy(p => p.Index).ToList();
            var got = predictor.Predict(new Conversation(d.Id, [.. d.Utterances.Select(u => new Turn(u.Speaker, null, Audio: u.Audio))]));
            for (int i = 0; i < got.Count; i++)
                for (int c = 0; c < 2; c++)
                    Assert.Equal(expected[i].Probabilities[c], got[i].Probabilities[predictor.ClassNames[c]], 5);
        }
    }

    [Fact]
    public void A_model_whose_front_end_is_not_registered_is_one_line_naming_it()
    {
        using var tmp = new Sure.Tests.Data.TempDir();
        var config = new SureConfig { Data = Corpus(tmp.Path), AudioEncoder = FakeAudioFrontEnd.KindName, Modalities = "a", Hidden = 16, Heads = 2, Epochs = 1, Threads = 1 }.Validate();
        var run = Path.Combine(tmp.Path, "run");
        TrainingRun.Execute(config, DataSource.Load(config, null, null, Catalog), run);
        var e = Assert.Throws<SureDataException>(() => SurePredictor.Open(Path.Combine(run, ModelFile.FileName)));
        Assert.Contains("'fake-audio' front end", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void An_unknown_audio_encoder_lists_the_registered_ones()
    {
        using var tmp = new Sure.Tests.Data.TempDir();
        var config = new SureConfig { Data = Corpus(tmp.Path), AudioEncoder = "wav2vec", Modalities = "a" };
        var e = Assert.Throws<SureUserException>(() => DataSource.Load(config, null, null, Catalog));
        Assert.Equal("unknown audio encoder 'wav2vec' (registered: fake-audio).", e.Message);
    }
}
