using System.CommandLine;
using System.Text.Json.Nodes;
using Sure.Cli.Console;
using Sure.Configuration;
using Sure.Data;
using Sure.Evaluation;
using Sure.Model;
using Sure.Runs;
using Sure.Training;
using TorchSharp;

namespace Sure.Cli.Commands;

/// <summary><c>sure eval</c>: recompute the metrics report of a trained model, on its own data or on other data.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var cmd = new Command("eval", "Recompute the metrics of a trained model (a run folder or its best.pt).");
        var ckpt = new Option<string>("--checkpoint") { Description = "Run folder, or a .pt checkpoint inside one.", Required = true };
        var dataOpt = new Option<string>("--data") { Description = "Evaluate on this dataset instead of the run's own (same classes and feature dims)." };
        var splitOpt = new Option<string>("--split") { Description = "Split to evaluate: test (default), valid, train or all." };
        splitOpt.AcceptOnlyFromAmong("test", "valid", "train", "all");
        var outOpt = new Option<string>("--out") { Description = "Write the evaluation JSON here (default: <run>/eval.json)." };
        cmd.Options.Add(ckpt);
        cmd.Options.Add(dataOpt);
        cmd.Options.Add(splitOpt);
        cmd.Options.Add(outOpt);
        cmd.SetAction(parse =>
        {
            var loaded = LoadedModel.Open(parse.GetValue(ckpt)!, parse.GetValue(dataOpt));
            var split = parse.GetValue(splitOpt) ?? "test";
            var dialogues = split == "all" ? loaded.Data.Dataset.Dialogues : loaded.Data.Dataset.In(Enum.Parse<Split>(split, true)).ToList();
            if (dialogues.Count == 0) throw new Errors.SureUserException($"{loaded.Data.Dataset.Source ?? loaded.Data.Dataset.Name}: no dialogues in split '{split}'.");
            var output = Evaluator.Evaluate(loaded.Model, dialogues, loaded.Inputs, loaded.Info.ClassNames, Math.Max(32, loaded.Config.BatchSize));
            ResultsView.Show($"{loaded.Data.Dataset.Name} {split} — {loaded.CheckpointPath}", output, null, split == "test" && parse.GetValue(dataOpt) is null ? loaded.Data.TestCeiling : null);
            var json = new JsonObject
            {
                ["checkpoint"] = loaded.CheckpointPath,
                ["dataset"] = loaded.Data.Dataset.Name,
                ["split"] = split,
                ["protocol"] = loaded.Config.Protocol == SelectionProtocol.Paper ? "paper" : "validation",
                ["metrics"] = ResultDocument.Split(output),
            };
            var outPath = parse.GetValue(outOpt) ?? Path.Combine(loaded.RunDir, "eval.json");
            IO.AtomicFile.WriteAllText(outPath, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            TrainCommand.Say($"Wrote {outPath}.");
            return 0;
        });
        return cmd;
    }
}

/// <summary>A trained model rebuilt from its run folder, with the data to run it on.</summary>
public sealed class LoadedModel
{
    public required SureConfig Config { get; init; }
    public required ModelInfo Info { get; init; }
    public required SureModel Model { get; init; }
    public required LoadedData Data { get; init; }
    public required ModelInputs Inputs { get; init; }
    public required string RunDir { get; init; }
    public required string CheckpointPath { get; init; }

    public static LoadedModel Open(string checkpoint, string? dataOverride)
    {
        string runDir, ckptPath;
        if (Directory.Exists(checkpoint)) { runDir = checkpoint; ckptPath = Path.Combine(checkpoint, Trainer.BestCheckpoint); }
        else if (File.Exists(checkpoint)) { ckptPath = checkpoint; runDir = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!; }
        else throw new Errors.SureUserException($"{checkpoint}: no such run folder or checkpoint.");
        if (!File.Exists(ckptPath)) throw new Errors.SureUserException($"{runDir}: no {Trainer.BestCheckpoint} (did the run finish an epoch?).");
        var config = RunFolder.ReadConfig(runDir);
        var info = RunFolder.ReadModelInfo(runDir);
        if (dataOverride is not null) config = config with { Data = dataOverride };
        var data = DataSource.Load(config);
        if (data.Dataset.ClassCount != info.ClassNames.Length)
            throw new Errors.SureUserException($"{config.Data}: {data.Dataset.ClassCount} classes, but the model was trained on {info.ClassNames.Length} ({string.Join(", ", info.ClassNames)}).");
        var textEncoder = data.TextEncoder is not null ? Text.TextEncoderSpec.FromRun(runDir, info.TextEmbeddingDim) : null;
        foreach (var m in Modalities.Parse(config.Modalities))
            if (!(m == Modality.Text && textEncoder is not null) && data.Dataset.Dim(m) != info.Dims[(int)m])
                throw new Errors.SureUserException($"{config.Data ?? data.Dataset.Name}: {m.Name()} features have {data.Dataset.Dim(m)} dims, the model expects {info.Dims[(int)m]}.");
        var device = Trainer.DeviceOf(config);
        var model = new SureModel(config, info.Dims, info.ClassNames.Length, textEncoder?.Build());
        try
        {
            model.load(ckptPath);
        }
        catch (Exception e) when (e is not Errors.SureUserException)
        {
            throw new Errors.SureUserException($"{ckptPath}: not a checkpoint of this model ({e.Message.Split('\n')[0]}).");
        }
        model.to(device);
        model.eval();
        return new LoadedModel
        {
            Config = config, Info = info, Model = model, Data = data, Inputs = textEncoder is null ? ModelInputs.For(config, info.Dims, device) : ModelInputs.For(config, info.Dims, device, textEncoder),
            RunDir = runDir, CheckpointPath = ckptPath,
        };
    }
}
