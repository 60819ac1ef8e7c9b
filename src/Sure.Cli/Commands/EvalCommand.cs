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
        var cmd = new Command("eval", "Recompute the metrics of a trained model (a run folder or its best.pt).");
        var ckpt = new Option<string>("--checkpoint") { Description = "Run folder, or a .pt checkpoint inside one.", Required = true };
        var dataOpt = new Option<string>("--data") { Description = "Evaluate on this dataset instead of the run's own (same classes and feature dims)." };
        var splitOpt = new Option<string>("--split") { Description = "Split to evaluate: test (default), valid, train or all." };
        splitOpt.AcceptOnlyFromAmong("test", "valid", "train", "all");
        var outOpt = new Option<string>("--out") { Description = "Write the evaluation JSON here (default: <run>/eval.json)." };
        var corpusOpt = new Option<string>("--corpus") { Description = "A run across corpora (several --data): evaluate on the dialogues of this corpus only (its name, e.g. iemocap)." };
        cmd.Options.Add(ckpt);
        cmd.Options.Add(corpusOpt);
        cmd.Options.Add(dataOpt);
        cmd.Options.Add(splitOpt);
        cmd.Options.Add(outOpt);
        var loading = new DataLoadingOptions();
        loading.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            CliRuntime.UseThreadsOfRun(parse.GetValue(ckpt)!);
            var loaded = TrainedModel.Open(parse.GetValue(ckpt)!, parse.GetValue(dataOpt), loading.CacheDirOf(parse), loading.ClassesOf(parse), CliFrontEnds.Catalog);
            var split = parse.GetValue(splitOpt) ?? "test";
            // a cross-validation fold's run is evaluated on that fold's splits (its own data only: other data keeps its splits)
            if (parse.GetValue(dataOpt) is null && Experiments.CvPlan.ApplyConfigured(loaded.Data.Dataset, loaded.Config) is { } fold)
                TrainCommand.Say($"Cross-validation fold {fold.Fold} of {fold.Folds} (--cv {fold.Grouping}): the {split} split is the fold's (test: {string.Join(", ", fold.TestGroups)}).");
            var dialogues = split == "all" ? loaded.Data.Dataset.Dialogues : loaded.Data.Dataset.In(Enum.Parse<Split>(split, true)).ToList();
            var corpus = parse.GetValue(corpusOpt);
            if (corpus is not null)
            {
                if (parse.GetValue(dataOpt) is not null || loaded.Config.Corpora is null)
                    throw new Errors.SureUserException("--corpus picks one corpus of a run across corpora (trained with several --data); this evaluation reads one dataset.");
                if (!loaded.Config.Corpora.Any(c => c.EffectiveName == corpus))
                    throw new Errors.SureUserException($"--corpus {corpus}: the run has no such corpus (its corpora: {string.Join(", ", loaded.Config.Corpora.Select(c => c.EffectiveName))}).");
                dialogues = [.. dialogues.Where(d => d.Id.StartsWith(corpus + "/", StringComparison.Ordinal))];
            }
            if (dialogues.Count == 0) throw new Errors.SureUserException($"{loaded.Data.Dataset.Source ?? loaded.Data.Dataset.Name}: no dialogues in split '{split}'{(corpus is null ? "" : $" of corpus '{corpus}'")}.");
            var output = Evaluator.Evaluate(loaded.Model, dialogues, loaded.Inputs, loaded.Info.ClassNames, Math.Max(32, loaded.Config.BatchSize));
            ResultsView.Show($"{loaded.Data.Dataset.Name}{(corpus is null ? "" : $" (corpus {corpus})")} {split} — {loaded.CheckpointPath}", output, null, split == "test" && parse.GetValue(dataOpt) is null && loaded.Config.Cv is null ? loaded.Data.TestCeiling : null, split);
            var json = new JsonObject
            {
                ["checkpoint"] = loaded.CheckpointPath,
                ["dataset"] = corpus is null ? loaded.Data.Dataset.Name : $"{loaded.Data.Dataset.Name}, corpus {corpus}",
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

