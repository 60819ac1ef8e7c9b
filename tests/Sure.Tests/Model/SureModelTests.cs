using Sure.Configuration;
using Sure.Data;
using Sure.Model;
using static TorchSharp.torch;

namespace Sure.Tests.Model;

public class SureModelTests
{
    [Theory]
    [InlineData("tav")]
    [InlineData("ta")]
    [InlineData("tv")]
    [InlineData("av")]
    [InlineData("t")]
    [InlineData("a")]
    [InlineData("v")]
    public void OutputShapesForEveryModalitySubset(string modalities)
    {
        using var scope = NewDisposeScope();
        var config = ModelTestData.Config(modalities);
        var model = ModelTestData.Model(config);
        using var batch = ModelTestData.Collate(config, ModelTestData.Dialogue("a", 6, 1), ModelTestData.Dialogue("b", 3, 2));
        var o = model.forward(batch);
        var used = Modalities.Parse(modalities);
        Assert.Equal(new long[] { 2, 6, ModelTestData.Classes }, o.Logits.shape);
        Assert.Equal(0, o.AuxLoss.dim());
        Assert.Equal(used, o.RoutingWeights.Keys.OrderBy(m => m).ToArray());
        foreach (var m in used)
        {
            Assert.Equal(new long[] { 2, 6, 4 }, o.RoutingWeights[m].shape);
            Assert.Equal(new long[] { 2, 6, 4 }, o.ExpertUncertainty[m].shape);
            Assert.Equal(new long[] { 2, 2, 6, 6 }, o.ReasoningAttention[m].shape);
        }
        // A dropped modality has no parameters at all.
        var keys = model.state_dict().Keys.ToList();
        foreach (var m in Modalities.All.Except(used))
        {
            var l = m.Letter();
            Assert.DoesNotContain(keys, k => k.StartsWith($"input_proj.{l}.") || k.StartsWith($"moe.{l}.") || k.StartsWith($"reasoning.{l}.")
                || k.StartsWith($"gate.intra.{l}.") || k.Contains($"_{l}.") || k.StartsWith($"gate.inter.{l}_"));
        }
    }

    [Fact]
    public void StateDictNamesFollowTheDocumentedLayout()
    {
        using var scope = NewDisposeScope();
        var model = ModelTestData.Model(ModelTestData.Config("tav"));
        var keys = model.state_dict().Keys.ToHashSet();
        foreach (var k in new[]
                 {
                     "input_proj.t.linear.weight", "moe.t.mu.weight", "moe.a.logvar.bias", "moe.v.gate.weight",
                     "reasoning.t.memory_fwd.weight_ih_l0", "reasoning.t.memory_bwd.weight_hh_l0", "reasoning.a.memory_proj.weight",
                     "reasoning.v.query.weight", "reasoning.t.cell.weight_ih", "reasoning.t.output.weight",
                     "gate.speaker.weight", "gate.intra.t.layers.0.attn.q.weight", "gate.inter.t_a.layers.0.ff1.weight",
                     "gate.inter.v_t.layers.0.norm2.weight", "gate.gates.a_v.linear.weight", "gate.fuse.t.weight", "classifier.out.weight",
                 })
            Assert.Contains(k, keys);
        Assert.Equal(model.parameters().Sum(p => p.numel()), model.CountParameters());
        Assert.True(model.EstimateForwardFlops(2, 10) > 0);
        Assert.True(model.EstimateForwardFlops(2, 20) > 2 * model.EstimateForwardFlops(2, 10) - 1);
    }

    [Theory]
    [InlineData("tav", ContextMode.Bidirectional, ClassifierMode.Concat)]
    [InlineData("ta", ContextMode.Causal, ClassifierMode.SumHeads)]
    [InlineData("v", ContextMode.Bidirectional, ClassifierMode.SumHeads)]
    public void FlopEstimateCountsEveryWeightMatrixOncePerUtterance(string modalities, ContextMode context, ClassifierMode classifier)
    {
        // With one utterance, one reasoning step and one layer every weight matrix (not the speaker table) multiplies
        // each utterance exactly once; on top come the attention products (scores and mixing, 2·2·d each): one per
        // encoder (k per modality) and one per reasoning step.
        using var scope = NewDisposeScope();
        var config = ModelTestData.Config(modalities, context: context, classifier: classifier) with { ReasoningSteps = 1 };
        var model = ModelTestData.Model(config);
        long weights = model.named_parameters().Where(p => p.parameter.dim() == 2 && p.name != "gate.speaker.weight").Sum(p => p.parameter.numel());
        long k = model.Used.Length, d = config.Hidden;
        long expected = 2 * weights + k * (k * 4 * d + 4 * d);
        Assert.Equal(expected, model.EstimateForwardFlops(1, 1));
        Assert.Equal(3 * expected, model.EstimateForwardFlops(3, 1));
    }

    [Fact]
    public void SwitchesRemoveSubmodules()
    {
        using var scope = NewDisposeScope();
        var config = ModelTestData.Config("ta", moe: false, reasoning: false, classifier: ClassifierMode.SumHeads);
        var model = ModelTestData.Model(config);
        var keys = model.state_dict().Keys.ToList();
        Assert.DoesNotContain(keys, k => k.StartsWith("moe.") || k.StartsWith("reasoning."));
        Assert.Contains("classifier.heads.t.weight", keys);
        Assert.Contains("classifier.mix.weight", keys);
        using var batch = ModelTestData.Collate(config, ModelTestData.Dialogue("a", 4, 3));
        var o = model.forward(batch);
        Assert.Empty(o.RoutingWeights);
        Assert.Empty(o.ReasoningAttention);
        Assert.Equal(0f, o.AuxLoss.item<float>());
    }
}
