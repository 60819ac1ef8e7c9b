using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Tests.Native;

/// <summary>Proves the native stack loads on this host (with the libstdc++ compatibility patch where needed) and computes, backward included.</summary>
public class TorchSharpLoadsTests
{
    [Fact]
    public void ForwardAndBackwardComputeExactValues()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        var y = (x * x).sum();
        y.backward();
        Assert.Equal(14f, y.item<float>());
        Assert.Equal(new float[] { 2, 4, 6 }, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void MatmulMatchesHandComputed()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        var b = tensor(new float[] { 5, 6, 7, 8 }).reshape(2, 2);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, a.matmul(b).data<float>().ToArray());
    }
}
