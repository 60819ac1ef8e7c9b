using System.CommandLine;
using Spectre.Console;
using Sure.Cli.Console;
using Sure.Configuration;
using Sure.Data;
using Sure.Runs;
using Sure.Training;
using Sure.Loading;

namespace Sure.Cli.Commands;

/// <summary><c>sure train</c>: train SURE on a dataset (SynthERC by default), write the run folder, print the results.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var cmd = new Command("train", "Train SURE (on the built-in SynthERC benchmark unless --data is given) and report test metrics.");
        var options = new ConfigOptions();
        options.AddTo(cmd);
        var outOpt = new Option<string>("--out") { Description = "Run folder (default: runs/<dataset>-<time>)." };
        var resumeOpt = new Option<string>("--resume") { Description = "Continue the interrupted run in this folder (its config.json is used)." };
        cmd.Options.Add(outOpt);
        cmd.Options.Add(resumeOpt);
        cmd.SetAction(parse =>
        {
            var resume = parse.GetValue(resumeOpt);
            SureConfig config;
            string runDir;
            LoadedData data;
            if (resume is not null)
            {
                if (options.Layer(parse).Count > 0 || parse.GetValue(options.ConfigFile) is not null)
                    throw new Errors.SureUserException("--resume continues a run with its own config.json; do not combine it with other settings.");
                config = RunFolder.ReadConfig(resume).Validate();
                CliRuntime.UseThreads(config.Threads);
                runDir = resume;
                RunInputs.Check(resume, config);
                data = DataSource.Load(config, Say, options.CacheDirOf(parse), CliFrontEnds.Catalog);
            }
            else
            {
                (config, data) = Resolve(parse, options);
                runDir = parse.GetValue(outOpt) ?? config.Out ?? RunFolder.DefaultFor(data.Dataset.Name, DateTime.Now);
                if (File.Exists(Path.Combine(runDir, TrainerState.FileName)))
                    throw new Errors.SureUserException($"{runDir} already holds a run; use --resume {runDir} to continue it, or another --out.");
                config = config with { Out = runDir };
            }
            Run(config, data, runDir, CommandLine.Current());
            return 0;
        });
        return cmd;
    }

    /// <summary>Composes the configuration (defaults ← dataset preset ← --config file ← options) and loads the data.</summary>
    public static (SureConfig Config, LoadedData Data) Resolve(ParseResult parse, ConfigOptions options)
    {
        var file = parse.GetValue(options.ConfigFile) is { } f ? ConfigLayers.FileLayer(f) : null;
        var cli = options.Layer(parse);
        var preliminary = ConfigLayers.Compose(file, cli);
        CliRuntime.UseThreads(preliminary.Threads);
        var data = DataSource.Load(preliminary, Say, options.CacheDirOf(parse), CliFrontEnds.Catalog);
        var preset = InputPresets.Choose(data, preliminary, file, cli);
        var config = ConfigLayers.Compose(preset.Layer, file, cli);
        var present = Modalities.All.Where(m => data.InputDims[(int)m] > 0).ToArray();
        var wanted = Modalities.Parse(config.Modalities);
        bool explicitModalities = cli.ContainsKey("modalities") || (file?.ContainsKey("modalities") ?? false);
        var missing = wanted.Where(m => !present.Contains(m)).ToArray();
        if (missing.Length > 0)
        {
            // Transcripts without text vectors: the text features are made from them with --glove.
            var gloveHint = missing.Contains(Modality.Text) && data.Dataset.Dialogues.Any(d => d.Utterances.Any(u => !string.IsNullOrEmpty(u.Text)))
                ? "; it has transcripts: pass --glove VECTORS to make text features from them" : "";
            if (explicitModalities || present.Length == 0)
                throw new Errors.SureUserException($"{config.Data ?? data.Dataset.Name}: the data has no {string.Join("/", missing.Select(m => m.Name()))} features (present: {(present.Length == 0 ? "none" : Modalities.Format(present))}){gloveHint}.");
            config = config with { Modalities = Modalities.Format(present) };
            Say($"Using the modalities present in the data: {config.Modalities}{gloveHint}.");
        }
        if (preset.Note is { } note) Say(note);
        if (config is { Model: "sure", Context: ContextMode.Causal, Residual: false })
            Say("Note: the paper's causal SURE under-learns the utterance's own content (docs/model.md, \"Why the causal SURE under-learned\"); for live labels drop --preset paper, or add --residual --memory-skip.");
        return (config, data);
    }

    public static void Run(SureConfig config, LoadedData data, string runDir, string command)
    {
        TrainingRun.Outcome? outcome = null;
        var ds = data.Dataset;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("training", maxValue: config.Epochs);
                    outcome = TrainingRun.Execute(config, data, runDir, new ConsoleTrainingObserver(task), command: command, figures: CliFigures.Run);
                });
        }
        else
        {
            outcome = TrainingRun.Execute(config, data, runDir, new ConsoleTrainingObserver(null), command: command, figures: CliFigures.Run);
        }
        var o = outcome!;
        ResultsView.Show($"{ds.Name} test, best epoch {o.Result.BestEpoch} ({(config.Protocol == SelectionProtocol.Paper ? "paper protocol: selected on TEST" : "selected on validation")})", o.Result.Test, o.Result.Valid, data.TestCeiling, validCeiling: data.ValidCeiling,
            causal: config.Context == ContextMode.Causal);
        if (o.Record.MajorityBaseline is { } b)
            Say($"Majority-class baseline (always '{b.ClassName}', the most frequent training class): test accuracy {b.Test.Accuracy.ToString(System.Globalization.CultureInfo.InvariantCulture)}, weighted F1 {b.Test.WeightedF1.ToString(System.Globalization.CultureInfo.InvariantCulture)}; "
                + $"valid accuracy {b.Valid.Accuracy.ToString(System.Globalization.CultureInfo.InvariantCulture)}, weighted F1 {b.Valid.WeightedF1.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        Warn(o.Warnings);
        Say($"Wrote {Path.Combine(runDir, RunFolder.ResultFile)} and {Path.Combine(runDir, RunFolder.ReportFile)} ({o.Result.TrainSeconds:F1} s of training).");
    }

    /// <summary>Each warning as a "warning: …" line (yellow on a terminal), where the end of the run's output is read.</summary>
    internal static void Warn(IEnumerable<string> warnings)
    {
        foreach (var w in warnings)
        {
            if (AnsiConsole.Profile.Capabilities.Interactive) AnsiConsole.MarkupLine($"[yellow]warning: {Markup.Escape(w)}[/]");
            else System.Console.WriteLine("warning: " + w);
        }
    }

    internal static void Say(string message)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
        else System.Console.WriteLine(message);
    }
}
