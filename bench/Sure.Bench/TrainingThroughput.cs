using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Data;
using Sure.Model;
using Sure.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Bench;

/// <summary>One measurement: SURE training steps on IEMOCAP-shaped random dialogues (dims 1024/1582/342, 6 classes), each phase timed.</summary>
public static class TrainingThroughput
{
    private static readonly int[] Dims = [1024, 1582, 342];
    private static readonly string[] Phases = ["collate", "forward", "backward", "clip", "optimizer"];

    public static int RunChild(string[] a)
    {
        var inv = CultureInfo.InvariantCulture;
        int hidden = int.Parse(a[0], inv), heads = int.Parse(a[1], inv), batch = int.Parse(a[2], inv), length = int.Parse(a[3], inv),
            steps = int.Parse(a[4], inv), threads = int.Parse(a[5], inv);
        string setup = a[6];
        if (setup is not ("before" or "after")) throw new ArgumentException($"unknown setup '{setup}' (before, after)");
        bool after = setup == "after";
        torch.set_num_threads(threads);
        double gemm = GemmGflops();
        var config = new SureConfig { Hidden = hidden, Heads = heads, Seed = 1 }.Validate();
        torch.manual_seed(1);
        var model = new SureModel(config.ModelOptions, Dims, 6);
        model.train();
        var step = after ? new PhasedStep(model, new InPlaceAdamW(model.parameters(), 1e-4, 1e-5)) : new PhasedStep(model, torch.optim.AdamW(model.parameters(), lr: 1e-4, weight_decay: 1e-5));
        var dialogues = MakeDialogues(batch, length);
        var inputs = ModelInputs.For(config.ModelOptions, Dims, torch.CPU);
        if (after) inputs = inputs.WithStore(dialogues);
        Func<DialogueBatch> collate = () => inputs.Collate(dialogues);
        var memory = new JsonArray { MemoryAt("model built") };
        step.Run(collate, config, phase => memory.Add(MemoryAt($"step 1 {phase}"))); // warm-up
        var total = new double[Phases.Length];
        var sw = Stopwatch.StartNew();
        for (int s = 0; s < steps; s++)
        {
            int number = s + 2;
            var t = step.Run(collate, config, phase => memory.Add(MemoryAt($"step {number} {phase}")));
            for (int k = 0; k < total.Length; k++) total[k] += t[k];
        }
        double seconds = sw.Elapsed.TotalSeconds;
        double utterances = (double)batch * length * steps;
        double trainFlops = 3.0 * model.EstimateForwardFlops(batch, length) * steps; // forward + backward ≈ 3 × forward
        double modelGflops = trainFlops / seconds / 1e9;
        var phaseMs = new JsonObject();
        for (int k = 0; k < Phases.Length; k++) phaseMs[Phases[k]] = Math.Round(total[k] / steps, 2);
        var json = new JsonObject
        {
            ["setup"] = setup, ["hidden"] = hidden, ["heads"] = heads, ["batch"] = batch, ["length"] = length, ["steps"] = steps, ["threads"] = torch.get_num_threads(),
            ["phase_ms"] = phaseMs,
            ["utterances_per_second"] = Math.Round(utterances / seconds, 1),
            ["step_ms"] = Math.Round(1000 * seconds / steps, 1),
            ["model_gflops_per_second"] = Math.Round(modelGflops, 2),
            ["gemm_gflops_per_second"] = Math.Round(gemm, 1),
            ["mfu_percent"] = Math.Round(100 * modelGflops / gemm, 1),
            ["peak_mib"] = Math.Round(PeakResidentBytes() / (1024.0 * 1024.0), 0),
            ["parameters"] = model.parameters().Sum(p => p.numel()),
            ["memory_mib"] = memory,
        };
        Console.WriteLine(json.ToJsonString());
        return 0;
    }

    /// <summary>One training step with each phase timed (milliseconds, in <see cref="Phases"/> order). libtorch's CPU
    /// operations are synchronous, so a phase's wall time is its own.</summary>
    private sealed class PhasedStep
    {
        private readonly SureModel _model;
        private readonly Action _zeroGrad, _step;

        public PhasedStep(SureModel model, torch.optim.Optimizer optimizer) : this(model, optimizer.zero_grad, () => optimizer.step()) { }

        public PhasedStep(SureModel model, InPlaceAdamW optimizer) : this(model, optimizer.ZeroGrad, optimizer.Step) { }

        private PhasedStep(SureModel model, Action zeroGrad, Action step)
        {
            _model = model;
            _zeroGrad = zeroGrad;
            _step = step;
        }

        /// <param name="after">Called after the forward, backward and optimiser phases with the phase's name (outside
        /// the timed laps).</param>
        public double[] Run(Func<DialogueBatch> collate, SureConfig config, Action<string> after)
        {
            var ms = new double[Phases.Length];
            var sw = Stopwatch.StartNew();
            double Lap() { double t = sw.Elapsed.TotalMilliseconds; sw.Restart(); return t; }
            using var scope = torch.NewDisposeScope();
            using var batch = collate();
            ms[0] = Lap();
            var output = _model.forward(batch);
            var loss = nn.functional.cross_entropy(output.Logits.reshape(-1, output.Logits.shape[2]), batch.Labels.reshape(-1), ignore_index: -1)
                       + output.AuxLoss * config.MoeLossWeight;
            ms[1] = Lap();
            after("forward");
            sw.Restart();
            loss.backward();
            ms[2] = Lap();
            after("backward");
            sw.Restart();
            nn.utils.clip_grad_norm_(_model.parameters(), 1.0);
            ms[3] = Lap();
            _step();
            _zeroGrad();
            ms[4] = Lap();
            after("optimizer");
            return ms;
        }
    }

    private static List<Dialogue> MakeDialogues(int batch, int length)
    {
        var rng = new Random(1);
        var list = new List<Dialogue>();
        for (int b = 0; b < batch; b++)
        {
            var d = new Dialogue { Id = $"d{b}", Split = Split.Train };
            for (int i = 0; i < length; i++)
            {
                var u = new Utterance { Speaker = (i % 2 == 0) ? "A" : "B", Label = rng.Next(6) };
                foreach (var m in Modalities.All)
                {
                    var f = new float[Dims[(int)m]];
                    for (int k = 0; k < f.Length; k++) f[k] = (float)(rng.NextDouble() * 2 - 1);
                    u[m] = f;
                }
                d.Utterances.Add(u);
            }
            list.Add(d);
        }
        return list;
    }

    /// <summary>Peak fp32 GEMM throughput of this process's libtorch (1024³ matmuls), the denominator of the FLOP
    /// utilisation: the best of <paramref name="rounds"/> timed rounds, so a moment of interference (another process,
    /// a frequency dip) lowers one round rather than the reference itself.</summary>
    public static double GemmGflops(int n = 1024, int reps = 10, int rounds = 5)
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(n, n);
        var b = torch.randn(n, n);
        a.mm(b).Dispose(); // warm-up
        double best = 0;
        for (int r = 0; r < rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < reps; i++) a.mm(b).Dispose();
            best = Math.Max(best, 2.0 * n * n * n * reps / sw.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    /// <summary>The resident set and its peak so far (MiB) at a point of the run: where the peak is set.</summary>
    private static JsonObject MemoryAt(string point) => new()
    {
        ["at"] = point,
        ["rss"] = Math.Round(ResidentBytes() / (1024.0 * 1024.0)),
        ["peak"] = Math.Round(PeakResidentBytes() / (1024.0 * 1024.0)),
    };

    /// <summary>Peak resident set size of this process (VmHWM), which includes libtorch's native allocations.</summary>
    public static long PeakResidentBytes() => StatusBytes("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64;

    /// <summary>Current resident set size of this process (VmRSS), libtorch's native allocations included.</summary>
    public static long ResidentBytes() => StatusBytes("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64;

    /// <summary>A size field of /proc/self/status in bytes; null where there is none (not Linux).</summary>
    private static long? StatusBytes(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return null;
    }
}
