using System.Globalization;
using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Data;
using Sure.Model;
using Sure.Training;
using TorchSharp;
using Sure.Loading;
using static TorchSharp.torch;

namespace Sure.Bench;

/// <summary>
/// Activation and gradient statistics of SURE per stage and per module, at initialisation and after each of a few
/// epochs of training, on real data (docs/model.md "Why SURE under-learned"):
///   dotnet run -c Release --project bench/Sure.Bench -- diagnose DATA [key=value …] [epochs=N]
/// DATA "synth" is the built-in SynthERC benchmark (its preset settings). key=value pairs are configuration settings (camelCase, as in config.json), e.g. inputNorm=none hidden=256.
/// Printed per stage: the RMS over real utterances of the stage's output; per module: the gradient norm of one
/// training batch and the parameter norm.
/// </summary>
public static class ModuleDiagnostics
{
    public static int Run(string[] args)
    {
        if (args.Length < 1) { Console.Error.WriteLine("usage: diagnose DATA [key=value …] [epochs=N]"); return 2; }
        int epochs = 2;
        // DATA "synth": the built-in SynthERC benchmark with its preset (docs/model.md, "Why the causal SURE under-learned")
        var layer = args[0] == "synth" ? new JsonObject { ["threads"] = 1 }
            : new JsonObject { ["data"] = args[0], ["modalities"] = "t", ["hidden"] = 256, ["heads"] = 4, ["lr"] = 5e-4, ["threads"] = 1 };
        var overrides = new List<(string Key, string Value)>();
        foreach (var kv in args.Skip(1))
        {
            var (k, v) = (kv[..kv.IndexOf('=')], kv[(kv.IndexOf('=') + 1)..]);
            if (k == "epochs") epochs = int.Parse(v, CultureInfo.InvariantCulture);
            else overrides.Add((k, v));
        }
        var data = DataSource.Load(ConfigLayers.Compose(layer));
        var config = overrides.Aggregate(ConfigLayers.Compose(Presets.For(data.Dataset), layer), (c, o) => Experiments.VariantParser.ApplyOverride(c, o.Key, o.Value)).Validate() with { Epochs = epochs };
        var device = Trainer.DeviceOf(config);
        var train = data.Dataset.In(Split.Train).ToList();
        var inputs = ModelInputs.For(config.ModelOptions, data.Dataset.Dims, device);
        var model = (SureModel)Trainer.BuildModel(config, inputs.Dims, data.Dataset.ClassCount, device, train: train);
        var optimizer = torch.optim.AdamW(model.parameters(), lr: config.Lr, weight_decay: config.WeightDecay);
        var trainer = new Trainer(config, data.Dataset, Path.GetTempPath());
        var probeBatch = train.Take(config.BatchSize).ToList();
        Console.WriteLine($"{data.Dataset.Name}: model {config.Model}, input norm {config.InputNorm}, hidden {config.Hidden}, dropout {config.Dropout}, sampling {config.SampleExperts}");
        Report(model, trainer, inputs, probeBatch, "init");
        var rng = new Random(config.Seed);
        for (int e = 1; e <= epochs; e++)
        {
            model.train();
            var order = train.ToArray();
            rng.Shuffle(order);
            double loss = 0; int n = 0;
            for (int b = 0; b < order.Length; b += config.BatchSize)
            {
                using var scope = NewDisposeScope();
                using var batch = inputs.Collate(order.Skip(b).Take(config.BatchSize).ToList());
                optimizer.zero_grad();
                var l = trainer.Loss(model.forward(batch), batch, null);
                l.backward();
                nn.utils.clip_grad_norm_(model.parameters(), config.GradClip);
                optimizer.step();
                loss += l.item<float>(); n++;
            }
            Report(model, trainer, inputs, probeBatch, $"epoch {e} (train loss {loss / n:F4})");
        }
        return 0;
    }

    private static void Report(SureModel model, Trainer trainer, ModelInputs inputs, List<Dialogue> dialogues, string when)
    {
        using var scope = NewDisposeScope();
        using var batch = inputs.Collate(dialogues);
        var real = batch.Mask.unsqueeze(-1);
        var stats = new List<(string, double)>();
        model.Probe = (name, t) => stats.Add((name, Rms(t, real)));
        model.train();   // as in training: dropout and sampling on
        model.zero_grad();
        var output = model.forward(batch);
        model.Probe = null;
        trainer.Loss(output, batch, null).backward();
        Console.WriteLine($"-- {when}");
        Console.WriteLine("   stage output RMS (real utterances, training mode): " + string.Join("  ", stats.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Item1} {s.Item2:F3}"))));
        foreach (var (m, a) in output.ReasoningAttention)
        {
            // a [B, T, N, N]: the largest weight of each real query row, averaged; 1/N would be uniform attention.
            var real1 = batch.Mask.unsqueeze(1).expand(a.shape[0], a.shape[1], a.shape[2]);
            double peak = a.detach().max(-1).values.masked_select(real1).mean().item<float>();
            double uniform = (double)batch.Mask.shape[0] / batch.Mask.sum().item<long>();   // mean over real queries of 1/N
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   reasoning attention ({m.Letter()}): mean largest weight per query {peak:F3} (uniform would be ≈ {uniform:F3})"));
        }
        var speaker = model.gate.speaker.weight!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   gate context: speaker-embedding RMS {speaker.square().mean().sqrt().item<float>():F3}, sinusoidal positions RMS {Math.Sqrt(0.5):F3}"));
        foreach (var g in model.named_parameters().GroupBy(p => Group(p.name)))
        {
            double grad = Math.Sqrt(g.Sum(p => p.parameter.grad is { } gr ? gr.square().sum().item<float>() : 0));
            double norm = Math.Sqrt(g.Sum(p => p.parameter.square().sum().item<float>()));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {g.Key,-28} grad norm {grad,10:E2}   param norm {norm,8:F2}"));
        }
        model.zero_grad();
    }

    private static string Group(string name)
    {
        var parts = name.Split('.');
        return parts[0] switch
        {
            "gate" => parts.Length > 2 ? $"gate.{parts[1]}.{parts[2]}" : $"gate.{parts[1]}",
            "moe" or "reasoning" or "input_proj" => $"{parts[0]}.{parts[1]}.{(parts.Length > 3 ? parts[2] : "")}",
            _ => parts[0],
        };
    }

    private static double Rms(Tensor t, Tensor realMask)
    {
        using var _ = no_grad();
        var x = t.detach();
        if (x.dim() == 3 && x.shape[1] == realMask.shape[1])
            return Math.Sqrt(x.square().masked_fill(realMask.logical_not(), 0).sum().item<float>() / (realMask.sum().item<long>() * x.shape[2]));
        return Math.Sqrt(x.square().mean().item<float>());
    }
}
