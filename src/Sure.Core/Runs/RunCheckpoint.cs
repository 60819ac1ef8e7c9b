using Sure.Configuration;
using Sure.Data;
using Sure.Evaluation;
using Sure.Model;
using Sure.Training;
using TorchSharp;
using Sure.Loading;

namespace Sure.Runs;

/// <summary>
/// A run's model rebuilt from its checkpoint (config.json, model.json, best.pt) and the data it was trained on, whose
/// front ends are fitted again: what <see cref="RunExport"/> writes into a model file for a run made before runs wrote
/// one. Everything else opens the run's model file (<see cref="Inference.SurePredictor.OpenRun"/>).
/// </summary>
internal sealed class RunCheckpoint : IDisposable
{
    public required SureConfig Config { get; init; }
    public required ModelInfo Info { get; init; }
    public required DialogueModel Model { get; init; }
    public required LoadedData Data { get; init; }
    public required ModelInputs Inputs { get; init; }
    public required string RunDir { get; init; }
    public required string CheckpointPath { get; init; }

    /// <summary>Per-utterance predictions with probabilities, routing weights, expert uncertainties and reasoning attention.</summary>
    public IReadOnlyList<UtterancePrediction> Predict(Dialogue dialogue) =>
        Evaluator.Evaluate(Model, [dialogue], Inputs, Info.ClassNames, 1, diagnostics: true).Utterances;

    public void Dispose() => Model.Dispose();

    /// <param name="checkpoint">a run folder, or a .pt checkpoint inside one.</param>
    /// <param name="dataOverride">other data to load instead of the run's own (same classes and feature dims); null for the run's.</param>
    /// <param name="cacheDir">Sure's cache folder for text features (<see cref="DataSource.Load"/>); null for the per-user default.</param>
    /// <param name="classes">the data's class names, comma-separated (as --classes), instead of the run's; null for the run's.</param>
    public static RunCheckpoint Open(string checkpoint, string? dataOverride, string? cacheDir = null, string? classes = null, FrontEnds.FrontEndCatalog? frontEnds = null)
    {
        string runDir, ckptPath;
        if (Directory.Exists(checkpoint)) { runDir = checkpoint; ckptPath = Path.Combine(checkpoint, Trainer.BestCheckpoint); }
        else if (File.Exists(checkpoint)) { ckptPath = checkpoint; runDir = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!; }
        else throw new Errors.SureUserException($"{checkpoint}: no such run folder or checkpoint.");
        if (!File.Exists(ckptPath)) throw new Errors.SureUserException($"{runDir}: no {Trainer.BestCheckpoint} (did the run finish an epoch?).");
        var config = RunFolder.ReadConfig(runDir);
        var info = RunFolder.ReadModelInfo(runDir);
        RunInputs.Check(runDir, config, data: dataOverride is null);
        if (dataOverride is not null) config = config with { Data = dataOverride };
        if (classes is not null) config = config with { Classes = classes };
        var data = DataSource.Load(config.Validate(), cacheDir: cacheDir, frontEnds: frontEnds);
        if (data.Dataset.ClassCount != info.ClassNames.Length)
            throw new Errors.SureUserException($"{config.Data}: {data.Dataset.ClassCount} classes, but the model was trained on {info.ClassNames.Length} ({string.Join(", ", info.ClassNames)}).");
        var textEncoder = data.TextEncoder is not null ? Text.TextEncoderSpec.FromRun(runDir, info.TextEmbeddingDim, config.TextCnn) : null;
        foreach (var m in Modalities.Parse(config.Modalities))
            if (!(m == Modality.Text && textEncoder is not null) && data.Dataset.Dim(m) != info.Dims[(int)m])
                throw new Errors.SureUserException($"{config.Data ?? data.Dataset.Name}: {m.Name()} features have {data.Dataset.Dim(m)} dims, the model expects {info.Dims[(int)m]}.");
        var device = Trainer.DeviceOf(config);
        var model = DialogueModels.Build(config.ModelOptions, info.Dims, info.ClassNames.Length, textEncoder?.Build());
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
        return new RunCheckpoint
        {
            Config = config, Info = info, Model = model, Data = data, Inputs = textEncoder is null ? ModelInputs.For(config.ModelOptions, info.Dims, device) : ModelInputs.For(config.ModelOptions, info.Dims, device, textEncoder),
            RunDir = runDir, CheckpointPath = ckptPath,
        };
    }
}
