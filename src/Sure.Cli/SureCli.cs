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
        catch (IOException e) when (IsDiskFull(e))
        {
            System.Console.Error.WriteLine($"error: {DiskFullMessage(e)}");
            return 1;
        }
    }

    /// <summary>Whether <paramref name="e"/> says the disk is full: ENOSPC (28) on Linux and macOS, ERROR_DISK_FULL (112) or
    /// ERROR_HANDLE_DISK_FULL (39) on Windows, or the system's text for it (libraries such as TorchSharp rethrow it as text).</summary>
    internal static bool IsDiskFull(IOException e) =>
        e.HResult is 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027)
        || e.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("not enough space on the disk", StringComparison.OrdinalIgnoreCase);

    /// <summary>One line for a full disk: what failed, and that no written file is half-written (writes are atomic).</summary>
    internal static string DiskFullMessage(IOException e) =>
        $"the disk is full ({ErrorText.OneLine(e.Message)}). Free some space and run the command again: files are written whole or not at all, "
        + "and an interrupted sure train continues from its last epoch with --resume RUN_FOLDER.";

}
