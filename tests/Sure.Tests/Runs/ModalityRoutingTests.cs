using Sure.Data;
using Sure.Evaluation;
using Sure.Runs;

namespace Sure.Tests.Runs;

public class ModalityRoutingTests
{
    private static UtterancePrediction U(float[] wText, float[] uText, float[] wAudio, float[] uAudio) => new()
    {
        DialogueId = "d", Index = 0, Gold = 0, Predicted = 0, Probabilities = [1f, 0f],
        RoutingWeights = new() { [Modality.Text] = wText, [Modality.Audio] = wAudio },
        ExpertUncertainty = new() { [Modality.Text] = uText, [Modality.Audio] = uAudio },
    };

    [Fact]
    public void Per_modality_uncertainty_and_routing_entropy_are_the_means_over_utterances()
    {
        var output = new EvaluationOutput
        {
            Loss = 0, Report = Metrics.Compute([0], [0], ["a", "b"]),
            Utterances =
            [
                U([1f, 0f], [0.5f, 2f], [0.25f, 0.75f], [1f, 3f]),
                U([0.5f, 0.5f], [1f, 1f], [1f, 0f], [0.1f, 9f]),
            ],
        };
        var moe = ModalityRouting.Summarize(output)!;
        // text: (1·0.5 + 0.5·1 + 0.5·1) / 2 = 0.75; entropy (0 + ln 2) / 2
        Assert.Equal(0.75, moe["text"].Uncertainty, 5);
        Assert.Equal(Math.Log(2) / 2, moe["text"].RoutingEntropy, 4);
        // audio: (0.25·1 + 0.75·3 + 1·0.1) / 2 = 1.3; entropy (−0.25 ln 0.25 − 0.75 ln 0.75 + 0) / 2
        Assert.Equal(1.3, moe["audio"].Uncertainty, 5);
        Assert.Equal(-(0.25 * Math.Log(0.25) + 0.75 * Math.Log(0.75)) / 2, moe["audio"].RoutingEntropy, 4);
        Assert.False(moe.ContainsKey("visual"));
    }

    [Fact]
    public void Without_a_moe_there_is_nothing_to_summarize() =>
        Assert.Null(ModalityRouting.Summarize(new EvaluationOutput { Loss = 0, Report = Metrics.Compute([0], [0], ["a"]), Utterances = [new() { DialogueId = "d", Index = 0, Gold = 0, Predicted = 0, Probabilities = [1f] }] }));
}
