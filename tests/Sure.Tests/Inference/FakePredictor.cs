using Sure.Inference;

namespace Sure.Tests.Inference;

/// <summary>
/// A stand-in for <see cref="SurePredictor"/>: a turn whose text holds "!" is "ang", any other "neu" (p = 0.8, the other
/// two classes 0.1 each); one text expert pair with fixed routing; no word known in a text holding "zzz".
/// </summary>
internal sealed class FakePredictor
{
    public static readonly string[] Classes = ["neu", "ang", "joy"];

    /// <summary>How many conversations were labelled.</summary>
    public int Calls { get; private set; }

    public IReadOnlyList<TurnPrediction> Predict(Conversation c)
    {
        Calls++;
        return c.Turns.Select((t, i) =>
        {
            var label = t.Text?.Contains('!') == true ? "ang" : "neu";
            var probabilities = Classes.ToDictionary(k => k, k => k == label ? 0.8f : 0.1f);
            return new TurnPrediction(c.Id, i, t.Speaker, t.Text, label, probabilities, 0.8f, 0.639f,
                new Dictionary<string, float[]> { ["text"] = [0.25f, 0.75f] },
                new Dictionary<string, float[]> { ["text"] = [0.5f, 0.0001234f] },
                t.Text?.Contains("zzz") == true ? 0f : 1f);
        }).ToList();
    }
}
