using static TorchSharp.torch;

namespace Sure.Tests.Model;

[Collection(GlobalRngCollection.Name)]
public class DeterminismTests
{
    [Fact]
    public void SameSeedSameModelSameOutputs()
    {
        using var scope = NewDisposeScope();
        var config = ModelTestData.Config("tav");
        using var batch = ModelTestData.Collate(config, ModelTestData.Dialogue("a", 5, 41), ModelTestData.Dialogue("b", 3, 42));
        var m1 = ModelTestData.Model(config, seed: 9);
        var m2 = ModelTestData.Model(config, seed: 9);
        var m3 = ModelTestData.Model(config, seed: 10);
        m1.eval(); m2.eval(); m3.eval();
        Assert.Equal(0f, ModelTestData.MaxAbsDiff(m1.forward(batch).Logits, m2.forward(batch).Logits));
        Assert.True(ModelTestData.MaxAbsDiff(m1.forward(batch).Logits, m3.forward(batch).Logits) > 1e-6);

        // Training mode (dropout, expert sampling) is reproducible under the same seed too.
        m1.train(); m2.train();
        random.manual_seed(3);
        var t1 = m1.forward(batch);
        random.manual_seed(3);
        var t2 = m2.forward(batch);
        Assert.Equal(0f, ModelTestData.MaxAbsDiff(t1.Logits, t2.Logits));
        Assert.Equal(t1.AuxLoss.item<float>(), t2.AuxLoss.item<float>());
    }
}
