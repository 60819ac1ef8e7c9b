using System.CommandLine;
using System.Text.Json.Nodes;
using Sure.Cli.Console;
using Sure.Configuration;
using Sure.Data;
using Sure.Evaluation;
using Sure.Model;
using Sure.Runs;
using Sure.Training;
using Sure.Inference;
using TorchSharp;

namespace Sure.Cli.Commands;

/// <summary><c>sure eval</c>: recompute the metrics report of a trained model, on its own data or on other data.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var cmd = new Command("eval", "Recompute the metrics of a trained model (a run folder, or its model.sure) on labelled data.");
        var ckpt = new Option<string>("--checkpoint") { Description = "Run folder (its model.sure is scored), or a file inside one.", Required = true };
        var dataOpt = new Option<string>("--data") { Description = "Evaluate on this dataset instead of the run's own: its labels are matched to the model's classes by name (or with --label-map); vectors it gives must have the model's sizes." };
        var splitOpt = new Option<string>("--split") { Description = "Split to evaluate: test (default), valid, train or all." };
        splitOpt.AcceptOnlyFromAmong("test", "valid", "train", "all");
        var outOpt = new Option<string>("--out") { Description = "Write the evaluation JSON here (default: <run>/eval.json)." };
        var corpusOpt = new Option<string>("--corpus") { Description = "A run across corpora (several --data): evaluate on the dialogues of this corpus only (its name, e.g. iemocap)." };
        cmd.Options.Add(ckpt);
        cmd.Options.Add(corpusOpt);
        cmd.Options.Add(dataOpt);
        cmd.Options.Add(splitOpt);
        cmd.Options.Add(outOpt);
        var labelMapOpt = new Option<string>("--label-map") { Description = DataLoadingOptions.OtherDataLabelMapHelp };
        cmd.Options.Add(labelMapOpt);
        var loading = new DataLoadingOptions(cache: false); // the model file makes the front ends' vectors: no feature cache
        loading.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var target = parse.GetValue(ckpt)!;
            CliRuntime.UseThreadsOfRun(target);
            using var predictor = SurePredictor.OpenRun(target, new PredictorOptions(torch.get_num_threads(), CliFrontEnds.Catalog));
            var (config, data) = RunData.Load(target, predictor, parse.GetValue(dataOpt), loading.ClassesOf(parse), TrainCommand.Say, parse.GetValue(labelMapOpt));
            var split = parse.GetValue(splitOpt) ?? "test";
            // a cross-validation fold's run is evaluated on that fold's splits (its own data only: other data keeps its splits)
            if (parse.GetValue(dataOpt) is null && Experiments.CvPlan.ApplyConfigured(data.Dataset, config) is { } fold)
                TrainCommand.Say($"Cross-validation fold {fold.Fold} of {fold.Folds} (--cv {fold.Grouping}): the {split} split is the fold's (test: {string.Join(", ", fold.TestGroups)}).");
            var dialogues = split == "all" ? data.Dataset.Dialogues : data.Dataset.In(Enum.Parse<Split>(split, true)).ToList();
            var corpus = parse.GetValue(corpusOpt);
            if (corpus is not null)
            {
                if (parse.GetValue(dataOpt) is not null || config.Corpora is null)
                    throw new Errors.SureUserException("--corpus picks one corpus of a run across corpora (trained with several --data); this evaluation reads one dataset.");
                if (!config.Corpora.Any(c => c.EffectiveName == corpus))
                    throw new Errors.SureUserException($"--corpus {corpus}: the run has no such corpus (its corpora: {string.Join(", ", config.Corpora.Select(c => c.EffectiveName))}).");
                dialogues = [.. dialogues.Where(d => d.Id.StartsWith(corpus + "/", StringComparison.Ordinal))];
            }
            if (dialogues.Count == 0) throw new Errors.SureUserException($"{data.Dataset.Source ?? data.Dataset.Name}: no dialogues in split '{split}'{(corpus is null ? "" : $" of corpus '{corpus}'")}.");
            var output = predictor.Evaluate(dialogues, data.Dataset.Source, Math.Max(32, config.BatchSize));
            ResultsView.Show($"{data.Dataset.Name}{(corpus is null ? "" : $" (corpus {corpus})")} {split} — {predictor.Path}", output, null, split == "test" && parse.GetValue(dataOpt) is null && config.Cv is null ? data.TestCeiling : null, split);
            var json = new JsonObject
            {
                ["checkpoint"] = predictor.Path,
                ["dataset"] = corpus is null ? data.Dataset.Name : $"{data.Dataset.Name}, corpus {corpus}",
                ["split"] = split,
                ["protocol"] = config.Protocol == SelectionProtocol.Paper ? "paper" : "validation",
                ["metrics"] = System.Text.Json.JsonSerializer.SerializeToNode(Reporting.SplitResult.Of(output), Reporting.ResultJson.Options),
            };
            var outPath = parse.GetValue(outOpt) ?? Path.Combine(RunData.RunDirOf(target), "eval.json");
            IO.AtomicFile.WriteAllText(outPath, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            TrainCommand.Say($"Wrote {outPath}.");
            return 0;
        });
        return cmd;
    }
}

