using Sure.Configuration;
using Sure.Data;
using Sure.Model;
using static TorchSharp.torch;

namespace Sure.Tests.Model;

/// <summary>Small synthetic dialogues and configurations for the model tests.</summary>
internal static class ModelTestData
{
    public static readonly int[] Dims = [12, 10, 8];
    public const int Classes = 4;

    public static SureConfig Config(string modalities = "tav", bool moe = true, bool reasoning = true,
        RoutingMode routing = RoutingMode.Uncertainty, ContextMode context = ContextMode.Bidirectional,
        ClassifierMode classifier = ClassifierMode.Concat, double dropout = 0.1) => new()
        {
            Modalities = modalities,
            Hidden = 16,
            Heads = 2,
            Layers = 1,
            Dropout = dropout,
            UseMoe = moe,
            Experts = 4,
            TopK = 2,
            Routing = routing,
            UseReasoning = reasoning,
            ReasoningSteps = 2,
            Context = context,
            Classifier = classifier,
            MaxSpeakers = 3,
        };

    /// <summary>A dialogue of <paramref name="length"/> utterances with random features, 2–3 speakers and labels.</summary>
    public static Dialogue Dialogue(string id, int length, int seed)
    {
        var rng = new Random(seed);
        var d = new Dialogue { Id = id };
        for (int i = 0; i < length; i++)
        {
            var u = new Utterance { Speaker = "S" + rng.Next(3), Label = rng.Next(Classes) };
            foreach (var m in Modalities.All)
                u[m] = Enumerable.Range(0, Dims[(int)m]).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            d.Utterances.Add(u);
        }
        return d;
    }

    /// <summary>The first <paramref name="length"/> utterances of <paramref name="d"/> (same objects).</summary>
    public static Dialogue Prefix(Dialogue d, int length) => new() { Id = d.Id, Utterances = d.Utterances.Take(length).ToList() };

    public static DialogueBatch Collate(SureConfig config, params Dialogue[] dialogues) =>
        DialogueCollator.Collate(dialogues, Modalities.Parse(config.Modalities), Dims, config.MaxSpeakers, CPU);

    public static SureModel Model(SureConfig config, long seed = 1)
    {
        random.manual_seed(seed);
        return new SureModel(config.ModelOptions, Dims, Classes);
    }

    public static float MaxAbsDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
}
