using Sure.Tensors;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Sure.Tests.Model;

/// <summary>
/// The reasoning memory's LSTM at inference (no gradient: evaluation, prediction) gives what a float64 copy of it gives,
/// for hidden sizes the models use, multiples of 32 or not. libtorch's own no-gradient call goes to a oneDNN kernel that is
/// wrong for some of these sizes on some AVX-512 CPUs (<see cref="LstmKernels"/>); its error is printed for the record.
/// </summary>
[Collection(GlobalRngCollection.Name)]
public class LstmInferenceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(8, 8)]
    [InlineData(16, 8)]
    [InlineData(16, 16)]
    [InlineData(96, 48)]
    [InlineData(96, 96)]
    [InlineData(256, 128)]
    public void TheMemoryLstmAtInferenceMatchesItsFloat64Copy(int inputs, int hidden)
    {
        random.manual_seed(11);
        using var lstm = nn.LSTM(inputs, hidden, batchFirst: true);
        using var lstm64 = nn.LSTM(inputs, hidden, batchFirst: true);
        lstm64.to(ScalarType.Float64);
        using (no_grad())
            foreach (var (name, p) in lstm.named_parameters())
                lstm64.get_parameter(name)!.copy_(p.to(ScalarType.Float64));
        lstm.eval();
        lstm64.eval();
        using var scope = NewDisposeScope();
        var x = randn(5, 40, inputs);
        var h0 = randn(1, 5, hidden);
        var c0 = randn(1, 5, hidden);
        double Error(Tensor got, Tensor expected) => (got.to(ScalarType.Float64) - expected).abs().max().item<double>();
        using (no_grad())
        {
            var expected = lstm64.forward(x.to(ScalarType.Float64), (h0.to(ScalarType.Float64), c0.to(ScalarType.Float64)));
            var (y, h, c) = LstmKernels.Forward(lstm, x, (h0, c0));
            double raw = Error(lstm.forward(x, (h0, c0)).Item1, expected.Item1);
            output.WriteLine($"{inputs} → {hidden}: |LstmKernels − float64| = {Error(y, expected.Item1):E1}; libtorch's own no-gradient call: {raw:E1}");
            Assert.True(Error(y, expected.Item1) < 1e-5, $"output {Error(y, expected.Item1)} from float64 (libtorch's own no-gradient call: {raw})");
            Assert.True(Error(h, expected.Item2) < 1e-5 && Error(c, expected.Item3) < 1e-5, "the last states differ from float64");
            Assert.False(y.requires_grad); // nothing of the gradient it ran under is left

            // frozen weights take the same path
            foreach (var p in lstm.parameters()) p.requires_grad = false;
            Assert.True(Error(LstmKernels.Forward(lstm, x, (h0, c0)).Output, expected.Item1) < 1e-5);
        }
    }
}
