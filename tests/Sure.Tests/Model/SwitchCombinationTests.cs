using Sure.Configuration;
using static TorchSharp.torch;

namespace Sure.Tests.Model;

public class SwitchCombinationTests
{
    public static IEnumerable<object[]> Combinations()
    {
        int i = 0;
        foreach (var moe in new[] { true, false })
        foreach (var reasoning in new[] { true, false })
        foreach (var routing in new[] { RoutingMode.Uncertainty, RoutingMode.Softmax })
        foreach (var context in new[] { ContextMode.Bidirectional, ContextMode.Causal })
        {
            yield return [moe, reasoning, routing, context, i++ % 2 == 0 ? ClassifierMode.Concat : ClassifierMode.SumHeads];
        }
    }

    /// <summary>Every switch combination × every modality subset builds and takes one finite forward + backward step.</summary>
    [Theory]
    [MemberData(nameof(Combinations))]
    public void EveryCombinationTrainsOneStep(bool moe, bool reasoning, RoutingMode routing, ContextMode context, ClassifierMode classifier)
    {
        foreach (var modalities in new[] { "tav", "ta", "tv", "av", "t", "a", "v" })
        {
            using var scope = NewDisposeScope();
            var config = ModelTestData.Config(modalities, moe, reasoning, routing, context, classifier);
            var model = ModelTestData.Model(config);
            model.train();
            using var batch = ModelTestData.Collate(config, ModelTestData.Dialogue("a", 5, 51), ModelTestData.Dialogue("b", 2, 52));
            var o = model.forward(batch);
            var loss = nn.functional.cross_entropy(o.Logits.reshape(-1, ModelTestData.Classes), batch.Labels.reshape(-1), ignore_index: -1)
                       + 0.01 * o.AuxLoss;
            Assert.True(float.IsFinite(loss.item<float>()), $"{modalities}: loss {loss.item<float>()}");
            loss.backward();
            foreach (var (name, p) in model.named_parameters())
            {
                Assert.NotNull(p.grad);
                Assert.True(p.grad!.isfinite().all().item<bool>(), $"{modalities}: non-finite gradient in {name}");
            }
        }
    }
}
