using System.Globalization;
using Sure.Configuration;
using Sure.Data;
using Sure.Errors;
using Sure.FrontEnds;
using Sure.Inference;
using Sure.Runs;
using Sure.Loading;
using Sure.Reporting;

namespace Sure.Tests.FrontEnds;

/// <summary>A front end registered only in a test flows from data loading through training and the model file to prediction.</summary>
public class FrontEndTests
{
    private static readonly FrontEndCatalog Catalog = FrontEndCatalog.Empty.With(new FakeAudioFrontEndKind());

    /// <summary>16 dialogues of 4 utterances; each utterance's "recording" is a text file of 3 numbers in which the class shows.</summary>
    internal static string Corpus(string dir) => RecordingCorpus.Write(dir, ["calm", "upset"], 16, 4, ".txt", 3, (path, y, rng, _, _) =>
        File.WriteAllText(path, string.Join(" ", Enumerable.Range(0, 3).Select(k =>
            (4 * ((k == y ? 2.0 : 0.0) + rng.NextDouble() - 0.5)).ToString("F3", CultureInfo.InvariantCulture)))));

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
        using var model = RunCheckpoint.Open(run, dataOverride: null, Path.Combine(tmp.Path, "cache"), frontEnds: Catalog);
        var test = model.Data.Dataset.In(Split.Test).ToList();
        using var predictor = SurePredictor.Open(modelFile, new PredictorOptions(1, Catalog));
        // given audio vectors are not what it reads: it makes them itself (the server refuses them, sure predict warns)
        Assert.Equal($"this model makes its audio vectors itself ({FakeAudioFrontEnd.KindName} front end, from the turn's recording); leave features.a out.", predictor.WhyNotRead("a"));
        Assert.Equal("this model does not read text (modalities: audio); leave features.text out.", predictor.WhyNotRead("text"));
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

/// <summary>Front ends side by side, and front ends that learn from labels under cross-validation.</summary>
public class FrontEndCompositionTests
{
    /// <summary>A label-using fake: remembers the training dialogues it was fitted on.</summary>
    private sealed class RecordingKind : IFrontEndKind
    {
        private readonly FakeAudioFrontEndKind _inner = new();
        public List<HashSet<string>> TrainedOn { get; } = [];
        public string Kind => "recording-audio";
        public Modality Modality => Modality.Audio;
        public string Description => "test";
        public bool UsesLabels => true;
        public IFrontEnd Fit(ConversationDataset dataset, FrontEndContext context)
        {
            TrainedOn.Add([.. dataset.In(Split.Train).Select(d => d.Id)]);
            return _inner.Fit(dataset, context);
        }
        public IFrontEnd Read(System.IO.Compression.ZipArchive zip, string prefix, System.Text.Json.Nodes.JsonObject description, string path, FrontEndRuntime runtime) =>
            _inner.Read(zip, prefix, description, path, runtime);
    }

    [Fact]
    public void Two_front_ends_side_by_side_give_joined_vectors_and_read_back_from_the_model_file()
    {
        using var tmp = new Sure.Tests.Data.TempDir();
        var catalog = FrontEndCatalog.Empty.With(new ConcatFrontEndKind(new FakeAudioFrontEndKind(), new FakeAudioFrontEndKind()));
        var config = new SureConfig { Data = FrontEndTests.Corpus(tmp.Path), AudioEncoder = "fake-audio+fake-audio", Modalities = "a", Hidden = 16, Heads = 2, Epochs = 1, Threads = 1 }.Validate();
        var data = DataSource.Load(config, null, null, catalog);
        var u = data.Dataset.Dialogues[0].Utterances[0];
        var raw = FakeAudioFrontEnd.Read(u.Audio!, "c0", 0);
        var scale = ((FakeAudioFrontEnd)((ConcatFrontEnd)data.FrontEnds[0]).Parts[0]).Scale;
        Assert.Equal([.. raw.Select(x => (float)(x / scale)), .. raw.Select(x => (float)(x / scale))], u[Modality.Audio]!);
        var run = Path.Combine(tmp.Path, "run");
        TrainingRun.Execute(config, data, run);
        using var predictor = SurePredictor.Open(Path.Combine(run, ModelFile.FileName), new PredictorOptions(1, catalog));
        Assert.Equal(6, predictor.Manifest.FrontEnds![0].Dim);
        Assert.Equal(2, predictor.Predict(new Conversation("x", [new Turn("a", null, Audio: u.Audio)]))[0].Probabilities.Count);
    }

    [Fact]
    public void A_front_end_that_learns_from_labels_is_fitted_again_on_each_folds_training_split()
    {
        using var tmp = new Sure.Tests.Data.TempDir();
        var kind = new RecordingKind();
        var catalog = FrontEndCatalog.Empty.With(kind);
        var config = new SureConfig { Data = FrontEndTests.Corpus(tmp.Path), AudioEncoder = kind.Kind, Modalities = "a", Hidden = 16, Heads = 2, Epochs = 1, Threads = 1 }.Validate();
        var data = DataSource.Load(config, null, null, catalog);
        Assert.Single(kind.TrainedOn);
        var fold = config with { Cv = "dialogue:4", CvFold = 2 };
        var fresh = data.Fresh();
        TrainingRun.Execute(fold, fresh, Path.Combine(tmp.Path, "run"));
        Assert.Equal(2, kind.TrainedOn.Count);
        var held = fresh.Dataset.In(Split.Test).Select(d => d.Id).ToHashSet();
        Assert.NotEmpty(held);
        Assert.Empty(kind.TrainedOn[1].Intersect(held));                  // the fold's test dialogues never trained it
        Assert.Equal(fresh.Dataset.In(Split.Train).Select(d => d.Id).ToHashSet(), kind.TrainedOn[1]);
    }
}
