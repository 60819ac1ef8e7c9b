using System.Text.Json;
using Sure.Configuration;
using Sure.Data;
using Sure.Experiments;
using Sure.Evaluation;
using Sure.Model;
using Sure.Reporting;
using Sure.Training;
using Sure.Loading;

namespace Sure.Runs;

/// <summary>
/// One complete run: prepare the splits, write config.json and model.json, train (or resume), evaluate, write result.json
/// and report.md. With <see cref="SureConfig.Cv"/> the splits are the configured fold's (<see cref="CvPlan"/>: the data's
/// own split labels are ignored, SynthERC's ceilings, which hold for its own test split, are left out) and result.json
/// records the fold under "cv".
/// </summary>
public static class TrainingRun
{
    /// <param name="Warnings">what the user must know about the result (<see cref="RunHealth.Warnings"/>); empty when none.</param>
    /// <param name="Record">what result.json holds.</param>
    public sealed record Outcome(TrainingResult Result, RunResult Record, string RunDir, string ReportMarkdown, IReadOnlyList<string> Warnings);

    /// <summary>Runs it.</summary>
    /// <param name="config">The run's configuration.</param>
    /// <param name="data">The loaded data (splits may be rearranged: a validation split held out, or a fold's).</param>
    /// <param name="runDir">The run folder (created; a run left unfinished there is resumed).</param>
    /// <param name="observer">Progress and messages; null for none.</param>
    /// <param name="variant">The experiment variant's name, recorded in result.json.</param>
    /// <param name="command">The command line that started the run, recorded in command.txt and report.md.</param>
    /// <param name="figures">Draws the run's figures into the run folder (linked from report.md); null draws none
    /// (Sure.Core references no plotting library; the Sure.Reporting package has one, <c>RunFigures</c>).</param>
    public static Outcome Execute(SureConfig config, LoadedData data, string runDir, ITrainingObserver? observer = null, string? variant = null, string? command = null,
        IRunFigures? figures = null)
    {
        observer ??= SilentObserver.Instance;
        Trainer.DeviceOf(config); // a device this build or machine cannot use fails before anything is written
        Directory.CreateDirectory(runDir);
        var fold = CvPlan.ApplyConfigured(data.Dataset, config);
        if (fold is not null)
        {
            observer.OnMessage($"Cross-validation (cv {fold.Grouping}), fold {fold.Fold} of {fold.Folds}: the data's own train/valid/test split labels are ignored. "
                + $"Test: {string.Join(", ", fold.TestGroups)}; validation: {string.Join(", ", fold.ValidGroups)} (seed {config.Seed}); training: {fold.TrainGroups} groups.");
            data = WithoutCeilings(data);
            if (data.FittedWith.Any(f => f.Kind.UsesLabels))
            {
                observer.OnMessage($"Cross-validation fold {fold.Fold}: the {string.Join(", ", data.FittedWith.Where(f => f.Kind.UsesLabels).Select(f => f.Kind.Kind))} front end learns from labels; fitting it again on this fold's training split.");
                data = data.RefitOnSplits();
            }
        }
        else
        {
            int moved = ValidationSplit.Ensure(data.Dataset, config.ValidFraction, config.Seed);
            if (moved > 0) observer.OnMessage($"No validation split in the data: {moved} training dialogues held out for validation (seed {config.Seed}).");
            int extra = ValidationSplit.Enlarge(data.Dataset, config.ValidExtra);
            if (extra > 0) observer.OnMessage($"Validation enlarged ({Errors.Setting.Name("validExtra")} {config.ValidExtra.ToString(System.Globalization.CultureInfo.InvariantCulture)}): {extra} training dialogues moved to it, the same for every run.");
        }
        var ds = data.Dataset;
        observer.OnMessage($"{ds.Name}: {ds.In(Split.Train).Count()} train / {ds.In(Split.Valid).Count()} valid / {ds.In(Split.Test).Count()} test dialogues, {ds.ClassCount} classes, modalities {config.Modalities}. Run folder: {runDir}");
        RunFolder.WriteConfig(runDir, config);
        if (command is not null) IO.AtomicFile.WriteAllText(Path.Combine(runDir, "command.txt"), command + Environment.NewLine);

        if (data.TextEncoder is { } te) te.Vocabulary.Save(Path.Combine(runDir, Text.TextEncoderSpec.VocabularyFile));
        var trainer = new Trainer(config, data.Dataset, runDir, observer, data.TextEncoder);
        var result = trainer.Run();
        var info = new ModelInfo(data.Dataset.Name, data.InputDims, data.Dataset.ClassNames, result.Parameters, data.TextEncoder?.Dim ?? 0);
        RunFolder.WriteModelInfo(runDir, info);
        var (baseline, warnings) = RunHealth.Assess(config, data.Dataset, result);
        foreach (var w in warnings) observer.OnWarning(w);
        var testUncertainty = RunAnalysis.Uncertainty(result.Test);
        var record = new RunResult
        {
            Dataset = data.Dataset.Name,
            Protocol = config.Protocol == SelectionProtocol.Paper ? "paper" : "validation",
            Seed = config.Seed,
            Modalities = config.Modalities,
            Test = SplitOf(result.Test, testUncertainty),
            Valid = SplitOf(result.Valid, RunAnalysis.Uncertainty(result.Valid)),
            BestEpoch = result.BestEpoch,
            EpochsRun = result.EpochsRun,
            TrainSeconds = result.TrainSeconds,
            Parameters = result.Parameters,
            Variant = variant,
            Ceiling = Ceiling(data.TestCeiling),
            ValidCeiling = Ceiling(data.ValidCeiling),
            MajorityBaseline = baseline,
            Warnings = [.. warnings],
            Cv = fold,
            TextEncoder = data.FrontEnds.FirstOrDefault(f => f.Modality == Modality.Text)?.FitReport?.Deserialize<Text.Bert.FineTuningReport>(ResultJson.Options),
            Other = FitReports(data),
        };
        var written = figures?.WriteFigures(runDir, data, result, testUncertainty) ?? [];
        var report = RunReport.Markdown(config, data, result, record, command) + RunAnalysis.ReportSections(testUncertainty, written, runDir);
        // the model file before result.json, which marks the run done
        Inference.ModelFile.Write(Path.Combine(runDir, Inference.ModelFile.FileName), Inference.ModelFile.Create(config, info, result.BestWeights, data, record, command));
        record.Write(runDir);
        RunFolder.WriteReport(runDir, report);
        return new Outcome(result, record, runDir, report, warnings);
    }

    /// <summary>A split's metrics with its calibration and uncertainty figures and its MoE routing summary.</summary>
    private static SplitResult SplitOf(EvaluationOutput output, Reporting.UncertaintyEvaluation? uncertainty) =>
        RunAnalysis.With(SplitResult.Of(output), uncertainty) with { Moe = ModalityRouting.Summarize(output) };

    /// <summary>A split's exact ceilings in percent: Bayes (whole dialogue), causal (turns so far), no context.</summary>
    private static CeilingResult? Ceiling(Synth.SynthErcCeilings? c) => c is null ? null
        : new CeilingResult(Metrics.ToPercent(c.BayesAccuracy), Metrics.ToPercent(c.NoContextAccuracy), Metrics.ToPercent(c.CausalAccuracy));

    /// <summary>The fit reports of the front ends other than the text one (result.json's "{modality}_encoder").</summary>
    private static Dictionary<string, JsonElement>? FitReports(LoadedData data)
    {
        var reports = data.FrontEnds.Where(f => f.Modality != Modality.Text && f.FitReport is not null)
            .ToDictionary(f => $"{f.Modality.Name()}_encoder", f => JsonSerializer.SerializeToElement(f.FitReport, ResultJson.Options));
        return reports.Count == 0 ? null : reports;
    }

    /// <summary>The same data without its SynthERC benchmark: a fold's test split is not the benchmark's, so its exact
    /// ceilings (and the routing-vs-corruption figures, which look up the benchmark's test dialogues) do not apply.</summary>
    private static LoadedData WithoutCeilings(LoadedData data) => data.Synth is null ? data : new LoadedData
    {
        Dataset = data.Dataset, TextEncoder = data.TextEncoder, FrontEnds = data.FrontEnds, FittedWith = data.FittedWith,
    };
}
