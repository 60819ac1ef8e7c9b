using Sure.Audio.LogMel;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Audio.Tests.LogMel;

public sealed class LogMelCnnTests
{
    private static readonly LogMelOptions Small = new() { Channels = 8, Blocks = 3, Hidden = 16, Mels = 40 };

    [Fact]
    public void PaddingNeverChangesTheOutput()
    {
        using var model = new LogMelCnn(3, Small, seed: 4);
        model.eval();
        using var scope = NewDisposeScope();
        var gen = new Generator(9);
        var a = randn([1, 53, 40], generator: gen);
        var b = randn([1, 20, 40], generator: gen);
        var alone = model.Embed(a, tensor(new long[] { 53 })).data<float>().ToArray();
        var aloneB = model.Embed(b, tensor(new long[] { 20 })).data<float>().ToArray();
        // padded far (with zeros, then with garbage: padding frames are never read), and batched with a shorter clip
        var padded = nn.functional.pad(a, [0, 0, 0, 91]);
        var garbage = cat([a, randn([1, 91, 40], generator: gen) * 100], 1);
        var batch = cat([padded, nn.functional.pad(b, [0, 0, 0, 124])], 0);
        var p1 = model.Embed(padded, tensor(new long[] { 53 })).data<float>().ToArray();
        var p2 = model.Embed(garbage, tensor(new long[] { 53 })).data<float>().ToArray();
        var p3 = model.Embed(batch, tensor(new long[] { 53, 20 })).data<float>().ToArray();
        for (int i = 0; i < alone.Length; i++)
        {
            Assert.Equal(alone[i], p1[i], 1e-4f);
            Assert.Equal(alone[i], p2[i], 1e-4f);
            Assert.Equal(alone[i], p3[i], 1e-4f);
            Assert.Equal(aloneB[i], p3[alone.Length + i], 1e-4f);
        }
        Assert.Contains(alone, v => v > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(16)]
    public void TheConvolutionEqualsConv2d(int channels)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(2);
        var x = randn([2, channels, 12, 10], generator: gen);
        var w = randn([5, channels, 3, 3], generator: gen);
        var reference = nn.functional.conv2d(x, w, padding: [1, 1]);
        Assert.True(LogMelBlock.Im2Col(x, w).allclose(reference, rtol: 1e-4, atol: 1e-4));
        Assert.True(LogMelBlock.Convolve(x, w).allclose(reference, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void ParameterNamesFollowPyTorch()
    {
        using var model = new LogMelCnn(3, Small, seed: 1);
        var names = model.state_dict().Keys.ToHashSet();
        Assert.Contains("blocks.0.conv.weight", names);
        Assert.Contains("blocks.2.norm.running_var", names);
        Assert.Contains("fc.weight", names);
        Assert.Contains("head.bias", names);
        Assert.All(model.state_dict().Values, t => Assert.Equal(ScalarType.Float32, t.dtype));
    }
}
