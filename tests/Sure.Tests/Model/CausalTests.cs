using Sure.Configuration;
using static TorchSharp.torch;

namespace Sure.Tests.Model;

public class CausalTests
{
    [Theory]
    [InlineData("tav", true, true)]
    [InlineData("ta", false, true)]
    [InlineData("v", true, false)]
    public void CausalPredictionsIgnoreLaterUtterances(string modalities, bool moe, bool reasoning)
    {
        using var scope = NewDisposeScope();
        var config = ModelTestData.Config(modalities, moe: moe, reasoning: reasoning, context: ContextMode.Causal);
        var model = ModelTestData.Model(config);
        model.eval();
        var full = ModelTestData.Dialogue("d", 9, 31);
        for (int cut = 1; cut < full.Count; cut += 3)
        {
            using var prefix = ModelTestData.Collate(config, ModelTestData.Prefix(full, cut));
            using var whole = ModelTestData.Collate(config, full);
            var p = model.forward(prefix).Logits[0];
            var w = model.forward(whole).Logits[0, ..cut];
            Assert.True(ModelTestData.MaxAbsDiff(p, w) < 1e-5, $"prefix {cut}");
        }
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(true, true, true)]
    public void CausalPredictionsIgnoreLaterUtterancesWithTheSwitchesThePaperDoesNotMake(bool residual, bool memorySkip, bool scaled)
    {
        using var scope = NewDisposeScope();
        var config = ModelTestData.Config("ta", context: ContextMode.Causal) with { Residual = residual, MemorySkip = memorySkip, ScaledReasoning = scaled };
        var model = ModelTestData.Model(config);
        model.eval();
        var full = ModelTestData.Dialogue("d", 9, 33);
        for (int cut = 1; cut < full.Count; cut += 2)
        {
            using var prefix = ModelTestData.Collate(config, ModelTestData.Prefix(full, cut));
            using var whole = ModelTestData.Collate(config, full);
            Assert.True(ModelTestData.MaxAbsDiff(model.forward(prefix).Logits[0], model.forward(whole).Logits[0, ..cut]) < 1e-5, $"prefix {cut}");
        }
    }

    [Fact]
    public void BidirectionalPredictionsDoSeeLaterUtterances()
    {
        using var scope = NewDisposeScope();
        var config = ModelTestData.Config("tav");
        var model = ModelTestData.Model(config);
        model.eval();
        var full = ModelTestData.Dialogue("d", 8, 32);
        using var prefix = ModelTestData.Collate(config, ModelTestData.Prefix(full, 4));
        using var whole = ModelTestData.Collate(config, full);
        Assert.True(ModelTestData.MaxAbsDiff(model.forward(prefix).Logits[0], model.forward(whole).Logits[0, ..4]) > 1e-4);
    }
}
