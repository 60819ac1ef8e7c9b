using Sure.Data;
using Sure.Model;
using static TorchSharp.torch;

namespace Sure.Tests.Model;

public class DialogueCollatorTests
{
    private static Utterance U(string speaker, int label, float? text) => new()
    {
        Speaker = speaker,
        Label = label,
        Features = [text is { } t ? [t, t] : null, [1f, 2f, 3f], null],
    };

    [Fact]
    public void PadsToTheLongestDialogueOnly()
    {
        using var scope = NewDisposeScope();
        var a = new Dialogue { Id = "a", Utterances = [U("x", 1, 1), U("y", 2, null), U("x", -1, 3)] };
        var b = new Dialogue { Id = "b", Utterances = [U("q", 0, 5)] };
        using var batch = DialogueCollator.Collate([a, b], [Modality.Text, Modality.Audio], [2, 3, 4], 9, CPU);

        Assert.Equal(new long[] { 2, 3 }, batch.Mask.shape);
        Assert.Equal(new long[] { 2, 3, 2 }, batch.Features[0]!.shape);
        Assert.Equal(new long[] { 2, 3, 3 }, batch.Features[1]!.shape);
        Assert.Null(batch.Features[2]);
        Assert.Equal(new[] { true, true, true, true, false, false }, batch.Mask.data<bool>().ToArray());
        Assert.Equal(new long[] { 0, 1, 0, 0, 0, 0 }, batch.Speakers.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 2, -1, 0, -1, -1 }, batch.Labels.data<long>().ToArray());
        // Missing text vector of utterance a[1] → zeros; padding → zeros.
        Assert.Equal(new float[] { 1, 1, 0, 0, 3, 3, 5, 5, 0, 0, 0, 0 }, batch.Features[0]!.data<float>().ToArray());
        Assert.Equal(new[] { 3, 1 }, batch.Lengths);
        Assert.Equal(new[] { "a", "b" }, batch.DialogueIds);
    }

    [Fact]
    public void SpeakersWrapAroundMaxSpeakers()
    {
        using var scope = NewDisposeScope();
        var d = new Dialogue { Id = "d", Utterances = [U("p", 0, 1), U("q", 0, 1), U("r", 0, 1), U("p", 0, 1)] };
        using var batch = DialogueCollator.Collate([d], [Modality.Audio], [2, 3, 4], 2, CPU);
        Assert.Equal(new long[] { 0, 1, 0, 0 }, batch.Speakers.data<long>().ToArray());
    }

    [Fact]
    public void WrongFeatureLengthIsADataError()
    {
        var d = new Dialogue { Id = "d", Utterances = [U("p", 0, 1)] };
        Assert.Throws<Sure.Errors.SureDataException>(() => DialogueCollator.Collate([d], [Modality.Audio], [2, 5, 4], 2, CPU));
    }
}
