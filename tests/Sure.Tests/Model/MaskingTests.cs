using Sure.Configuration;
using Sure.Model;
using static TorchSharp.torch;

namespace Sure.Tests.Model;

public class MaskingTests
{
    [Theory]
    [InlineData(ContextMode.Bidirectional, ClassifierMode.Concat)]
    [InlineData(ContextMode.Causal, ClassifierMode.SumHeads)]
    public void DialogueOutputsDoNotDependOnBatchMatesOrPadding(ContextMode context, ClassifierMode classifier)
    {
        using var scope = NewDisposeScope();
        var config = ModelTestData.Config("tav", context: context, classifier: classifier);
        var model = ModelTestData.Model(config);
        model.eval();
        var shortOne = ModelTestData.Dialogue("short", 4, 11);
        var longOne = ModelTestData.Dialogue("long", 9, 12);

        using var alone = ModelTestData.Collate(config, shortOne);
        using var shared = ModelTestData.Collate(config, longOne, shortOne);
        var a = model.forward(alone);
        var s = model.forward(shared);

        Assert.True(ModelTestData.MaxAbsDiff(a.Logits[0], s.Logits[1, ..4]) < 1e-5);
        foreach (var m in model.Used)
        {
            Assert.True(ModelTestData.MaxAbsDiff(a.RoutingWeights[m][0], s.RoutingWeights[m][1, ..4]) < 1e-5);
            Assert.True(ModelTestData.MaxAbsDiff(a.ReasoningAttention[m][0], s.ReasoningAttention[m][1, .., ..4, ..4]) < 1e-5);
            Assert.Equal(0f, s.ReasoningAttention[m][1, .., ..4, 4..].abs().sum().item<float>());
        }
        // The long dialogue alone gives the same logits as in the shared batch too.
        using var longAlone = ModelTestData.Collate(config, longOne);
        Assert.True(ModelTestData.MaxAbsDiff(model.forward(longAlone).Logits[0], s.Logits[0]) < 1e-5);
    }

    [Fact]
    public void PaddingContentChangesNeitherAuxLossNorRealLogits()
    {
        using var scope = NewDisposeScope();
        var config = ModelTestData.Config("tav");
        var model = ModelTestData.Model(config);
        model.eval();
        using var batch = ModelTestData.Collate(config, ModelTestData.Dialogue("a", 7, 21), ModelTestData.Dialogue("b", 3, 22));
        var before = model.forward(batch);

        var pad = batch.Mask.logical_not().unsqueeze(-1);
        random.manual_seed(5);
        var noisy = new DialogueBatch
        {
            Features = batch.Features.Select(f => f is null ? null : where(pad, randn_like(f) * 100, f)).ToArray(),
            Mask = batch.Mask,
            Speakers = batch.Speakers.masked_fill(batch.Mask.logical_not(), 2),
            Labels = batch.Labels,
            DialogueIds = batch.DialogueIds,
            Lengths = batch.Lengths,
        };
        var after = model.forward(noisy);
        Assert.Equal(before.AuxLoss.item<float>(), after.AuxLoss.item<float>(), 5);
        var real = batch.Mask.unsqueeze(-1);
        Assert.True(ModelTestData.MaxAbsDiff(before.Logits.masked_fill(real.logical_not(), 0), after.Logits.masked_fill(real.logical_not(), 0)) < 1e-5);
    }
}
