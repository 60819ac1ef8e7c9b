namespace Sure.Tests.Packaging;

/// <summary>
/// The console app <see cref="PackageConsumerTests"/> builds outside the repository against the packed Sure.Core: its
/// Program.cs (written as is into the app made by <c>dotnet new console</c>; the README's "Use a trained model" shows the
/// same code) and the lines it must print. It does real work with libtorch loaded: opens a model file (made by the
/// test: SURE over GloVe TextCNN features of a small transcript corpus) and labels a conversation given as raw text.
/// Its one argument is the model file.
/// </summary>
internal static class ConsumerApp
{
    public const string Program = """
        using Sure.Inference;

        using var predictor = SurePredictor.Open(args[0]);
        var call = new Conversation("call-17",
        [
            new Turn("agent", "the day is so great , love it"),
            new Turn("caller", "the day is awful , hate it"),
        ]);
        foreach (var t in predictor.Predict(call))
            Console.WriteLine($"{t.Speaker}: {t.Label} (p = {t.Confidence:F2}, entropy {t.Entropy:F2}, {t.KnownWordShare:P0} of words known)");
        """;

    /// <summary>Patterns (multiline) the app's output must match.</summary>
    public static readonly string[] ExpectedOutput =
    [
        @"^agent: (pos|neg) \(p = [01]\.\d\d, entropy \d\.\d\d, \d+ ?% of words known\)\r?$",
        @"^caller: (pos|neg) \(p = [01]\.\d\d, entropy \d\.\d\d, \d+ ?% of words known\)\r?$",
    ];
}
