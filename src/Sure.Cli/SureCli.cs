using System.CommandLine;
using Sure.Cli.Commands;
using Sure.Errors;

namespace Sure.Cli;

/// <summary>The `sure` command: its subcommands, and one-line errors with a non-zero exit for every user mistake.</summary>
public static class SureCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Sure: multimodal emotion recognition in conversations with the SURE model (uncertainty-aware MoE, iterative reasoning, transformer gate).");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(ExperimentCommand.Create());
        root.Subcommands.Add(TuneCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(FeaturesCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        return root;
    }

    public static int Run(string[] args)
    {
        CommandLine.Begin(args);
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            System.Console.Error.WriteLine($"error: {Sure.Errors.ErrorText.OneLine(ParseErrors.Message(parse, root))}");
            return 2;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (SureUserException e)
        {
            System.Console.Error.WriteLine($"error: {Sure.Errors.ErrorText.OneLine(CliVocabulary.Message(e))}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            System.Console.Error.WriteLine("interrupted.");
            return 130;
        }
    }

}
