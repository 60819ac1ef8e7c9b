using System.Diagnostics;
using System.Globalization;
using Sure.Audio.LogMel;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Sure.Audio.Tests.LogMel;

/// <summary>Training-step and prediction cost of the CNN on 2 s clips, run only when SURE_LOGMEL_BENCH is set; one
/// thread; reports CPU time (the process's, so that other load on the machine does not count) and wall time.</summary>
public sealed class LogMelSpeedCheck(ITestOutputHelper output)
{
    [Fact]
    public void TrainingStepAndPredictionCost()
    {
        if (Environment.GetEnvironmentVariable("SURE_LOGMEL_BENCH") is not { Length: > 0 } spec) return;
        torch.set_num_threads(1);
        foreach (var channels in spec.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            var o = new LogMelOptions { Channels = channels };
            using var model = new LogMelCnn(7, o, 1);
            using var optimizer = optim.AdamW(model.parameters());
            var gen = new Generator(1);
            var x = randn([32, 198, 64], generator: gen);
            var lengths = full(32, 198L, ScalarType.Int64);
            var y = randint(7, [32], generator: gen);
            model.train();
            var (cpu, wall) = Time(() =>
            {
                using var scope = NewDisposeScope();
                var loss = nn.functional.cross_entropy(model.Classify(model.Embed(x, lengths)), y);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }, 3);
            model.eval();
            var one = x.narrow(0, 0, 1);
            var (pcpu, pwall) = Time(() =>
            {
                using var noGrad = no_grad();
                using var scope = NewDisposeScope();
                model.Classify(model.call(one));
            }, 10);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"channels {channels}: training step (32 clips of 2 s) {cpu:F0} ms CPU / {wall:F0} ms wall → {cpu / 32:F1} ms CPU per clip; prediction of one 2 s clip {pcpu:F1} ms CPU / {pwall:F1} ms wall");
            output.WriteLine(line);
            if (Environment.GetEnvironmentVariable("SURE_EMODB_LOG") is { Length: > 0 } log) File.AppendAllText(log, line + Environment.NewLine);
        }
    }

    private static (double CpuMs, double WallMs) Time(Action step, int repeats)
    {
        step();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (int r = 0; r < repeats; r++) step();
        process.Refresh();
        return ((process.TotalProcessorTime - cpu0).TotalMilliseconds / repeats, wall.Elapsed.TotalMilliseconds / repeats);
    }
}
