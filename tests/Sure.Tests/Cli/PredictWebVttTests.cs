using Sure.Cli.Commands;
using Sure.Data;
using Sure.Inference;
using Sure.Tests.Data;
using Sure.Tests.Inference;

namespace Sure.Tests.Cli;

/// <summary><c>sure predict</c> on a WebVTT transcript: the predictor receives turns with their audio segments.</summary>
[Collection("Console")]
public class PredictWebVttTests
{
    private const string Vtt = "WEBVTT\n\n00:00.000 --> 00:01.500\n<v agent>How can I help?\n\n00:01.500 --> 00:04.000\n<v customer>Charged twice!\n";

    private static (int Code, string Out, string Err, List<Conversation> Seen) Predict(string input, string? recording)
    {
        var fake = new FakePredictor();
        var seen = new List<Conversation>();
        var opened = new PredictCommand.OpenedModel(FakePredictor.Classes, c => { seen.Add(c); return fake.Predict(c); }, null);
        var (code, output, err) = SureCliRunner.Capture(() => PredictCommand.Execute(new PredictCommand.Settings("fake.sure", input, null, null, 0, recording), (_, _) => opened));
        return (code, output, err, seen);
    }

    [Fact]
    public void A_vtt_beside_its_recording_is_predicted_with_the_cues_segments()
    {
        using var tmp = new TempDir();
        var input = tmp.Write("call-9.vtt", Vtt);
        File.WriteAllBytes(tmp.File("call-9.wav"), []);
        var (code, output, err, seen) = Predict(input, null);
        Assert.True(code == 0, err);
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var c = Assert.Single(seen);
        Assert.Equal("call-9", c.Id);
        Assert.Equal([new AudioSegment(tmp.File("call-9.wav"), 0, 1.5), new AudioSegment(tmp.File("call-9.wav"), 1.5, 4)], c.Turns.Select(t => t.Audio));
        Assert.Equal(["agent", "customer"], c.Turns.Select(t => t.Speaker));
    }

    [Fact]
    public void Recording_names_the_vtts_recording_and_is_refused_for_other_inputs()
    {
        using var tmp = new TempDir();
        var input = tmp.Write("call-9.vtt", Vtt);
        File.WriteAllBytes(tmp.File("elsewhere.ogg"), []);
        var (code, _, err, seen) = Predict(input, tmp.File("elsewhere.ogg"));
        Assert.True(code == 0, err);
        Assert.All(Assert.Single(seen).Turns, t => Assert.Equal(tmp.File("elsewhere.ogg"), t.Audio!.Path));

        var text = tmp.Write("calls.txt", "A: hi\n");
        var e = Assert.Throws<Sure.Errors.SureUserException>(() => Predict(text, tmp.File("elsewhere.ogg")));
        Assert.Equal($"{text}: a recording is given, but only a WebVTT transcript (.vtt) takes one.", e.Message);
    }
}
