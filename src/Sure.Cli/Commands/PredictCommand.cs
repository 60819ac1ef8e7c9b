using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Sure.Cli.Console;
using Sure.Errors;
using Sure.Inference;

namespace Sure.Cli.Commands;

/// <summary>
/// <c>sure predict --model FILE INPUT</c>: label every turn of the conversations in INPUT (a file or - for standard
/// input) with a model file, streaming one record per turn to standard output or --out (docs/predict.md).
/// </summary>
public static class PredictCommand
{
    /// <summary>The command's settings, as parsed.</summary>
    internal sealed record Settings(string Model, string Input, string? Out, string? Format, int Threads, string? Recording = null, string? LabelMap = null, string? Columns = null, int BatchTurns = 0);

    /// <summary>An opened model: its classes, its predict function and what to dispose after.</summary>
    /// <param name="Warnings">the model file's warnings about its training result (shown in the summary).</param>
    /// <param name="WhyNotRead">why the model does not read a turn's <c>features.KEY</c> (<see cref="SurePredictor.WhyNotRead"/>);
    /// null when it reads it. Such vectors are ignored, and the summary says so.</param>
    /// <param name="PredictMany">labels many conversations per pass (<see cref="SurePredictor.PredictMany"/>); null: one at a time with <paramref name="Predict"/>.</param>
    internal sealed record OpenedModel(IReadOnlyList<string> ClassNames, Func<Conversation, IReadOnlyList<TurnPrediction>> Predict, IDisposable? Owner,
        IReadOnlyList<string>? Warnings = null, Func<string, string?>? WhyNotRead = null,
        Func<IReadOnlyList<Conversation>, IReadOnlyList<IReadOnlyList<TurnPrediction>>>? PredictMany = null);

    public static Command Create()
    {
        var cmd = new Command("predict", "Label every turn of new conversations with a model file (JSONL, MELD-style CSV or any CSV with --columns, 'Speaker: text' transcript or WebVTT in; JSONL or CSV out).");
        var modelOpt = new Option<string>("--model") { Description = "The model file (model.sure) to predict with.", Required = true };
        var input = new Argument<string>("input") { Description = "Conversations to label: a .jsonl, .csv, .txt or .vtt file, or - for standard input." };
        var outOpt = new Option<string>("--out") { Description = "Write the predictions to this file instead of standard output (-)." };
        var formatOpt = new Option<string>("--format") { Description = "Output format: jsonl or csv (default: from the --out extension, else jsonl)." };
        formatOpt.AcceptOnlyFromAmong("jsonl", "csv");
        var threadsOpt = new Option<int>("--threads") { Description = "libtorch threads for the model (0 = libtorch's default)." };
        var recordingOpt = new Option<string>("--recording") { Description = "A WebVTT input's recording, when it is not the file beside it with the same name and an audio extension (.wav, .mp3, …)." };
        cmd.Options.Add(modelOpt);
        cmd.Arguments.Add(input);
        cmd.Options.Add(outOpt);
        cmd.Options.Add(formatOpt);
        cmd.Options.Add(threadsOpt);
        cmd.Options.Add(recordingOpt);
        var labelMapOpt = new Option<string>("--label-map") { Description = "Map the input's gold labels to the model's classes: a file of 'from=to' lines (e.g. neutral=neu). Gold labels that match no class are left out of the metrics, with a warning." };
        cmd.Options.Add(labelMapOpt);
        var columnsOpt = new Option<string>("--columns") { Description = DataLoadingOptions.ColumnsHelp };
        cmd.Options.Add(columnsOpt);
        var batchOpt = new Option<int>("--batch-turns") { Description = $"Most turns (padding included) labelled in one pass: several conversations are read, encoded and run through the model together; bounds memory (0 = {PredictorOptions.DefaultBatchTurns}; 1 = one conversation at a time)." };
        cmd.Options.Add(batchOpt);
        cmd.SetAction(parse => Execute(
            new Settings(parse.GetValue(modelOpt)!, parse.GetValue(input)!, parse.GetValue(outOpt), parse.GetValue(formatOpt), parse.GetValue(threadsOpt), parse.GetValue(recordingOpt), parse.GetValue(labelMapOpt), parse.GetValue(columnsOpt), parse.GetValue(batchOpt)),
            OpenModel));
        return cmd;
    }

    private static OpenedModel OpenModel(string path, PredictorOptions options)
    {
        CheckModelPath(path);
        CliRuntime.UseThreads(options.Threads);
        var predictor = SurePredictor.Open(path, options);
        return new OpenedModel(predictor.ClassNames, predictor.Predict, predictor, predictor.Warnings, predictor.WhyNotRead, predictor.PredictMany);
    }

    /// <summary>--model names a file that exists (a run folder or a missing file is one line saying what to give).</summary>
    internal static void CheckModelPath(string path)
    {
        if (Directory.Exists(path))
            throw new SureUserException(File.Exists(Path.Combine(path, ModelFile.FileName))
                ? $"{path}: a folder; --model takes a model file: use {Path.Combine(path, ModelFile.FileName)}."
                : $"{path}: a folder; --model takes a model file (model.sure; 'sure export --checkpoint RUN' makes one from a run folder).");
        if (!File.Exists(path)) throw new SureUserException($"{path}: no such model file.");
    }

    /// <summary>Runs the command with <paramref name="openModel"/> opening the model (tests pass a fake).</summary>
    internal static int Execute(Settings s, Func<string, PredictorOptions, OpenedModel> openModel)
    {
        if (s.Threads < 0) throw new SureUserException($"--threads must be ≥ 0, not {s.Threads}.");
        if (s.BatchTurns < 0) throw new SureUserException($"--batch-turns must be ≥ 0, not {s.BatchTurns}.");
        var batchTurns = s.BatchTurns > 0 ? s.BatchTurns : PredictorOptions.DefaultBatchTurns;
        var toStdout = s.Out is null or "-";
        var format = (s.Format ?? (toStdout ? null : Path.GetExtension(s.Out!).ToLowerInvariant().TrimStart('.'))) == "csv" ? PredictionFormat.Csv : PredictionFormat.Jsonl;
        var labelMap = s.LabelMap is null ? null : Data.Formats.LabelMap.Read(s.LabelMap);
        var stdin = s.Input == "-";
        var source = stdin ? ConversationReader.StdinName : s.Input;
        using var file = stdin ? null : ConversationReader.Open(s.Input); // a missing input is reported before the model is opened
        if (s.Columns is not null && (stdin || s.Recording is not null))
            throw new SureUserException(stdin ? "--columns reads a CSV file; give its path, not - (standard input)." : "--columns reads a CSV file; --recording is for a WebVTT transcript.");
        var conversations = s.Columns is not null ? ConversationReader.ReadCsv(s.Input, s.Columns)
            : stdin ? ConversationReader.Read("-", recording: s.Recording) : ConversationReader.Read(file!, s.Input, ConversationReader.FormatOf(s.Input), s.Recording);
        var model = openModel(s.Model, new PredictorOptions(s.Threads, CliFrontEnds.Catalog, batchTurns));
        var err = ErrorConsole();
        var ignored = new SortedDictionary<string, (int Turns, string Why)>(StringComparer.Ordinal);
        Func<Conversation, IReadOnlyList<TurnPrediction>> predict = model.WhyNotRead is not { } whyNotRead ? model.Predict : c =>
        {
            TallyIgnored(c, whyNotRead, ignored);
            return model.Predict(c);
        };
        Func<IReadOnlyList<Conversation>, IReadOnlyList<IReadOnlyList<TurnPrediction>>>? predictMany = model.PredictMany is not { } many ? null
            : model.WhyNotRead is not { } why ? many : batch =>
            {
                foreach (var c in batch) TallyIgnored(c, why, ignored);
                return many(batch);
            };
        PredictionSummary Run(PredictionWriter writer, Action<Conversation>? afterConversation = null) => predictMany is not null
            ? PredictionRun.Run(conversations, predictMany, batchTurns, model.ClassNames, writer, source, afterConversation, labelMap)
            : PredictionRun.Run(conversations, predict, model.ClassNames, writer, source, afterConversation, labelMap);
        try
        {
            PredictionSummary summary;
            if (toStdout)
            {
                try { summary = Run(new PredictionWriter(System.Console.Out, format, model.ClassNames)); }
                catch (IOException e) { throw new SureUserException($"cannot write to standard output ({e.Message}).", e); }
            }
            else
            {
                summary = null!;
                IO.AtomicFile.Write(s.Out!, tmp =>
                {
                    using var output = new StreamWriter(tmp, false, new UTF8Encoding(false), 1 << 16);
                    var writer = new PredictionWriter(output, format, model.ClassNames);
                    summary = ShowsProgress(err)
                        ? WithProgress(err, file, afterConversation => Run(writer, afterConversation))
                        : Run(writer);
                });
            }
            Report(err, summary, source, s.Out, toStdout, model.Warnings ?? [], model.ClassNames, ignored);
        }
        finally
        {
            model.Owner?.Dispose();
        }
        return 0;
    }

    /// <summary>Counts, by key, the turns of <paramref name="c"/> whose given vectors the model does not read.</summary>
    private static void TallyIgnored(Conversation c, Func<string, string?> whyNotRead, SortedDictionary<string, (int Turns, string Why)> ignored)
    {
        foreach (var t in c.Turns)
        {
            if (t?.Features is null) continue;
            foreach (var key in t.Features.Keys)
            {
                if (ignored.TryGetValue(key, out var seen)) ignored[key] = seen with { Turns = seen.Turns + 1 };
                else if (whyNotRead(key) is { } why) ignored[key] = (1, why);
            }
        }
    }

    /// <summary>A Spectre console on standard error: tables, notes and progress never mix with predictions on stdout.</summary>
    private static IAnsiConsole ErrorConsole() =>
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(System.Console.Error),
            Ansi = System.Console.IsErrorRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = System.Console.IsErrorRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });

    private static bool ShowsProgress(IAnsiConsole err) => !System.Console.IsErrorRedirected && err.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="run"/> under a progress bar: the share of the input file read, or (standard input)
    /// the conversations done.</summary>
    private static PredictionSummary WithProgress(IAnsiConsole err, StreamReader? file, Func<Action<Conversation>, PredictionSummary> run) =>
        err.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask("predicting", maxValue: file?.BaseStream.Length ?? 1);
            task.IsIndeterminate = file is null;
            var (conversations, turns) = (0, 0L);
            var summary = run(c =>
            {
                conversations++;
                turns += c.Turns.Count;
                task.Description = $"predicting: {conversations:N0} conversations, {turns:N0} turns";
                if (file is not null) task.Value = file.BaseStream.Position;
            });
            task.Value = task.MaxValue;
            return summary;
        });

    private static void Report(IAnsiConsole err, PredictionSummary summary, string source, string? outPath, bool toStdout, IReadOnlyList<string> modelWarnings, IReadOnlyList<string> classNames,
        IReadOnlyDictionary<string, (int Turns, string Why)> ignored)
    {
        var e = System.Console.Error;
        foreach (var w in modelWarnings)
            e.WriteLine($"warning: the model's training result: {w}");
        foreach (var (key, (turns, why)) in ignored)
            e.WriteLine($"warning: {source}: features.{key} of {turns} turn{(turns == 1 ? "" : "s")} ignored: {why}");
        foreach (var note in summary.LowKnownWords)
            e.WriteLine($"warning: {source}, conversation {note.ConversationId}: the model knows {Percent(note.Share)} of its {note.Words} words; its predictions rest on little text.");
        if (summary.LowKnownWordCount > 0)
            e.WriteLine($"warning: {summary.LowKnownWordCount} of {summary.Conversations} conversations have under {Percent(PredictionRun.LowKnownWordShare)} known words" +
                (summary.LowKnownWordCount > summary.LowKnownWords.Count ? $" (the first {summary.LowKnownWords.Count} are listed)." : "."));
        if (summary.SkippedGold is { Count: > 0 } skipped)
            e.WriteLine($"warning: {source}: {summary.SkippedGoldTurns} labelled turns left out of the metrics: their gold labels are none of the model's classes "
                + $"({string.Join(", ", skipped.Select(kv => $"'{kv.Key}' ×{kv.Value}"))}; the model's: {string.Join(", ", classNames)}); map them with --label-map FILE (lines 'from=to', e.g. neutral=neu).");
        if (summary.Metrics is { } metrics)
            ResultsView.Show(err, $"{source}: {metrics.Count} labelled turns", metrics);
        if (!toStdout)
            e.WriteLine($"Wrote {summary.Turns} predictions for {summary.Conversations} conversations to {outPath}.");
    }

    private static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "");
}
