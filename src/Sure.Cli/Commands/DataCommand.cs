using System.CommandLine;
using Spectre.Console;
using Sure.Data;
using Sure.Data.Formats;

namespace Sure.Cli.Commands;

/// <summary>`sure data inspect PATH` and `sure data convert INPUT --out PATH.jsonl [--feature-store]`.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var data = new Command("data", "Inspect and convert conversation datasets (pickles, MELD CSVs, sure-jsonl, CSV manifests with --columns, WebVTT transcripts).");
        data.Subcommands.Add(CreateInspect());
        data.Subcommands.Add(CreateConvert());
        return data;
    }

    private static Option<bool> AllowMissingOption() =>
        new("--allow-missing-modality") { Description = "Keep dialogues that lack a modality (features stay empty; reported)." };

    private static Command CreateInspect()
    {
        var path = new Argument<string[]>("path")
        {
            Description = "Dataset file or folder (format detected automatically); several (each PATH or NAME=PATH) for the corpora of a run across corpora, combined as training combines them (--classes the classes they share, a --label-map each).",
            Arity = ArgumentArity.OneOrMore,
        };
        var allowMissing = AllowMissingOption();
        var maps = new Option<string[]>("--label-map")
        {
            Description = "Map a corpus's labels into --classes: NAME:MAP (MAP alone with one path); MAP is a file of from=to lines or the pairs inline (hap=joy,exc=joy).",
            AllowMultipleArgumentsPerToken = false,
        };
        var cmd = new Command("inspect", "Show a summary of a dataset: splits, classes, speakers, feature dims, missing values.");
        cmd.Arguments.Add(path);
        cmd.Options.Add(allowMissing);
        cmd.Options.Add(maps);
        var loading = new DataLoadingOptions(cache: false, columns: true);
        loading.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var paths = parse.GetValue(path) ?? [];
            var labelMaps = parse.GetValue(maps) ?? [];
            if (paths.Length == 1 && labelMaps.Length == 0)
            {
                var ds = DatasetLoader.Load(paths[0], loading.LoadOptions(parse, parse.GetValue(allowMissing)), out var report);
                Render(DatasetSummary.Create(ds, report), AnsiConsole.Console);
                return 0;
            }
            // several corpora: combined exactly as a run across them combines them
            if (loading.ColumnsOf(parse) is not null)
                throw new Errors.SureUserException("--columns reads one CSV; for several corpora give each its \"columns\" in a --config file's \"corpora\" list.");
            var config = new Configuration.SureConfig
            {
                Corpora = ConfigOptions.CorporaOf(paths, labelMaps), Classes = loading.ClassesOf(parse), AllowMissingModality = parse.GetValue(allowMissing),
            }.Validate();
            var combined = new DatasetValidationReport();
            var dataset = Loading.Corpora.Load(config, line =>
            {
                if (line.StartsWith("warning: ", StringComparison.Ordinal)) combined.Warn(line["warning: ".Length..]);
                else AnsiConsole.WriteLine(line);
            });
            Render(DatasetSummary.Create(dataset, combined), AnsiConsole.Console);
            return 0;
        });
        return cmd;
    }

    private static Command CreateConvert()
    {
        var input = new Argument<string>("input") { Description = "Dataset file or folder to convert." };
        var output = new Option<string>("--out") { Description = "Output .jsonl path.", Required = true };
        var store = new Option<bool>("--feature-store") { Description = "Write features to a .safetensors file beside the .jsonl." };
        var allowMissing = AllowMissingOption();
        var cmd = new Command("convert", "Convert a dataset to sure-jsonl (optionally with a safetensors feature store).");
        cmd.Arguments.Add(input);
        cmd.Options.Add(output);
        cmd.Options.Add(store);
        cmd.Options.Add(allowMissing);
        var loading = new DataLoadingOptions(cache: false, columns: true);
        loading.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var ds = DatasetLoader.Load(parse.GetValue(input)!, loading.LoadOptions(parse, parse.GetValue(allowMissing)), out var report);
            var outPath = parse.GetValue(output)!;
            var storePath = DatasetWriter.Write(ds, outPath, parse.GetValue(store));
            foreach (var w in report.Warnings) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
            AnsiConsole.MarkupLine($"Wrote {ds.Dialogues.Count} dialogues / {ds.Dialogues.Sum(d => d.Count)} utterances to [green]{Markup.Escape(outPath)}[/]" +
                                   (storePath is null ? "" : $" (features in [green]{Markup.Escape(storePath)}[/])"));
            return 0;
        });
        return cmd;
    }

    /// <summary>Renders a summary as Spectre tables.</summary>
    public static void Render(DatasetSummary s, IAnsiConsole console)
    {
        console.MarkupLine($"[bold]{Markup.Escape(s.Name)}[/]  format [cyan]{Markup.Escape(s.Format)}[/]" +
                           (s.Source is null ? "" : $"  from {Markup.Escape(s.Source)}"));

        var splits = new Table().Title("Splits").AddColumns("split", "dialogues", "utterances");
        foreach (var sp in s.Splits) splits.AddRow(SplitAssignment.Name(sp.Split), sp.Dialogues.ToString(), sp.Utterances.ToString());
        splits.AddRow("[bold]total[/]", s.TotalDialogues.ToString(), s.TotalUtterances.ToString());
        console.Write(splits);

        var classes = new Table().Title("Classes (utterances)").AddColumn("class");
        foreach (var sp in s.Splits) classes.AddColumn(SplitAssignment.Name(sp.Split));
        for (var c = 0; c < s.ClassNames.Length; c++)
            classes.AddRow([Markup.Escape($"{c} {s.ClassNames[c]}"), .. s.Splits.Select(sp => sp.ClassCounts[c].ToString())]);
        if (s.Splits.Any(sp => sp.Unlabelled > 0))
            classes.AddRow(["(unlabelled)", .. s.Splits.Select(sp => sp.Unlabelled.ToString())]);
        console.Write(classes);

        var mods = new Table().Title("Features").AddColumns("modality", "dim", "utterances with", "utterances without", "dialogues missing some");
        foreach (var m in s.Modalities)
            mods.AddRow(m.Modality.Name(), m.Dim == 0 ? "-" : m.Dim.ToString(), m.Present.ToString(), m.Missing.ToString(), m.DialoguesMissing.ToString());
        console.Write(mods);

        console.MarkupLine($"Speakers: {s.SpeakerCount} distinct (at most {s.MaxSpeakersPerDialogue} in a dialogue): " +
                           Markup.Escape(string.Join(", ", s.SampleSpeakers)) + (s.SpeakerCount > s.SampleSpeakers.Count ? ", …" : ""));
        console.MarkupLine($"Text: {s.UtterancesWithText} of {s.TotalUtterances} utterances");
        if (s.UtterancesWithRecording > 0)
            console.MarkupLine($"Audio: {s.UtterancesWithRecording} of {s.TotalUtterances} utterances name a recording ({s.Recordings} distinct files)");
        foreach (var w in s.Warnings) console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
    }
}
