using Sure.Model;
using Sure.Tests.Model;
using Sure.Training;
using TorchSharp;
using static TorchSharp.torch;
using Modules = TorchSharp.Modules;

namespace Sure.Tests.Training;

[Collection(GlobalRngCollection.Name)]
public class InPlaceAdamWTests
{
    private const double Lr = 3e-3, WeightDecay = 1e-2;

    private static DialogueBatch Batch() =>
        ModelTestData.Collate(ModelTestData.Config(), ModelTestData.Dialogue("a", 6, 1), ModelTestData.Dialogue("b", 4, 2));

    /// <summary>Forward, loss and backward of a training step whose dropout draws depend only on <paramref name="step"/>.</summary>
    private static void Backward(SureModel model, DialogueBatch batch, int step)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(100 + step);
        var output = model.forward(batch);
        var logits = output.Logits;
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), batch.Labels.reshape(-1), ignore_index: -1) + output.AuxLoss * 0.1;
        loss.backward();
    }

    private static float[][] Values(SureModel model) => model.parameters().Select(p => p.detach().data<float>().ToArray()).ToArray();

    [Fact]
    public void FiveStepsEqualTorchSharpAdamWBitForBit()
    {
        var config = ModelTestData.Config();
        using var batch = Batch();
        var reference = ModelTestData.Model(config);
        var mine = ModelTestData.Model(config);
        reference.train();
        mine.train();
        using var torchAdamW = torch.optim.AdamW(reference.parameters(), lr: Lr, weight_decay: WeightDecay);
        using var inPlace = new InPlaceAdamW(mine.parameters(), Lr, WeightDecay);
        for (int step = 1; step <= 5; step++)
        {
            torchAdamW.zero_grad();
            Backward(reference, batch, step);
            torchAdamW.step();
            inPlace.ZeroGrad();
            Backward(mine, batch, step);
            inPlace.Step();
            Assert.Equal(Values(reference), Values(mine));
        }
        Assert.Equal(5, inPlace.StepsOf(0));
    }

    /// <summary>The single-pass CPU update (<c>FusedAdamW</c>) against <c>torch.optim.AdamW</c> on sizes that put
    /// elements in libtorch's vectorised blocks and in the scalar remainder of each range, on one thread and on two
    /// (where tensors above libtorch's grain of 32768 elements are split between the threads).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SinglePassUpdateEqualsTorchSharpAdamWBitForBitAtEverySize(int threads)
    {
        int before = torch.get_num_threads();
        torch.set_num_threads(threads);
        try
        {
            using var scope = torch.NewDisposeScope();
            var generator = new Generator(17);
            long[] sizes = [1, 7, 15, 16, 17, 31, 32, 33, 47, 1000, 32768, 65537, 100003];
            var reference = sizes.Select(n => new Modules.Parameter(torch.randn(n, generator: generator))).ToArray();
            var mine = reference.Select(p => new Modules.Parameter(p.detach().clone())).ToArray();
            Assert.True(FusedAdamW.Applies(mine[0], mine[0], mine[0], mine[0]));
            using var torchAdamW = torch.optim.AdamW(reference, lr: Lr, weight_decay: WeightDecay);
            using var inPlace = new InPlaceAdamW(mine, Lr, WeightDecay);
            for (int step = 1; step <= 4; step++)
            {
                var grads = sizes.Select(n => torch.randn(n, generator: generator) * (step % 2 == 0 ? 1e-3 : 10)).ToArray();
                torchAdamW.zero_grad();
                inPlace.ZeroGrad();
                for (int k = 0; k < sizes.Length; k++)
                {
                    (reference[k] * grads[k]).sum().backward();   // gradient = grads[k], exactly
                    (mine[k] * grads[k]).sum().backward();
                }
                torchAdamW.step();
                inPlace.Step();
                for (int k = 0; k < sizes.Length; k++)
                    Assert.Equal(reference[k].detach().data<float>().ToArray(), mine[k].detach().data<float>().ToArray());
            }
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }

    [Fact]
    public void SavedAndLoadedStateContinuesBitForBit()
    {
        var config = ModelTestData.Config();
        using var batch = Batch();
        var whole = ModelTestData.Model(config);
        using var wholeOptimizer = new InPlaceAdamW(whole.parameters(), Lr, WeightDecay);
        var resumed = ModelTestData.Model(config);
        using var first = new InPlaceAdamW(resumed.parameters(), Lr, WeightDecay);
        var path = Path.Combine(TinyRuns.TempDir(), "optim.bin");
        for (int step = 1; step <= 4; step++)
        {
            wholeOptimizer.ZeroGrad();
            Backward(whole, batch, step);
            wholeOptimizer.Step();
        }
        for (int step = 1; step <= 2; step++)
        {
            first.ZeroGrad();
            Backward(resumed, batch, step);
            first.Step();
        }
        first.Save(path);
        using var second = new InPlaceAdamW(resumed.parameters(), Lr, WeightDecay);
        second.Load(path);
        for (int step = 3; step <= 4; step++)
        {
            second.ZeroGrad();
            Backward(resumed, batch, step);
            second.Step();
        }
        Assert.Equal(Values(whole), Values(resumed));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void LoadsTheStateFileOfTorchSharpAdamWAndContinuesAsItWould()
    {
        var config = ModelTestData.Config();
        using var batch = Batch();
        var reference = ModelTestData.Model(config);
        using var torchAdamW = torch.optim.AdamW(reference.parameters(), lr: Lr, weight_decay: WeightDecay);
        for (int step = 1; step <= 2; step++)
        {
            torchAdamW.zero_grad();
            Backward(reference, batch, step);
            torchAdamW.step();
        }
        var path = Path.Combine(TinyRuns.TempDir(), "legacy.optim.pt");
        torchAdamW.save_state_dict(path);
        var mine = ModelTestData.Model(config);
        using (var noGrad = torch.no_grad())
            foreach (var (p, q) in mine.parameters().Zip(reference.parameters())) p.copy_(q);
        using var inPlace = new InPlaceAdamW(mine.parameters(), Lr, WeightDecay);
        inPlace.Load(path);
        Assert.Equal(2, inPlace.StepsOf(0));
        torchAdamW.zero_grad();
        Backward(reference, batch, 3);
        torchAdamW.step();
        inPlace.ZeroGrad();
        Backward(mine, batch, 3);
        inPlace.Step();
        Assert.Equal(Values(reference), Values(mine));
    }

    [Fact]
    public void StateOfAnotherModelIsRefused()
    {
        var small = ModelTestData.Model(ModelTestData.Config());
        var other = ModelTestData.Model(ModelTestData.Config(moe: false));
        using var a = new InPlaceAdamW(small.parameters(), Lr);
        var path = Path.Combine(TinyRuns.TempDir(), "optim.bin");
        a.Save(path);
        using var b = new InPlaceAdamW(other.parameters(), Lr);
        Assert.Throws<InvalidDataException>(() => b.Load(path));
    }
}
