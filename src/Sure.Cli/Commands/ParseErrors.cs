using System.CommandLine;

namespace Sure.Cli.Commands;

/// <summary>The one-line message of a command line that does not parse.</summary>
public static class ParseErrors
{
    /// <summary>
    /// "unknown command 'x' (commands: a, b, …; see 'sure --help')" when a word stands where a command of a command with
    /// subcommands is expected (the list comes from the command tree, so new commands appear in it by themselves);
    /// otherwise the parser's first error with the help hint.
    /// </summary>
    public static string Message(ParseResult parse, RootCommand root)
    {
        var command = parse.CommandResult.Command;
        var name = command == root ? "sure" : "sure " + string.Join(" ", Path(parse.CommandResult).Skip(1));
        var commands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (commands.Count > 0)
        {
            var list = string.Join(", ", commands);
            if (parse.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-')) is { } word)
                return $"unknown command '{word}'{(command == root ? "" : $" of '{name}'")} (commands: {list}; see '{name} --help')";
            if (parse.UnmatchedTokens.Count == 0 && command.Action is null)
                return $"no command given (commands: {list}; see '{name} --help')";
        }
        return $"{parse.Errors[0].Message} (see '{name} --help')";
    }

    private static IEnumerable<string> Path(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is System.CommandLine.Parsing.CommandResult c) names.Add(c.Command.Name);
        names.Reverse();
        return names;
    }
}
