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
        // an unknown option is named first (not the argument it was meant to take), with the nearest known one
        // (a word like an option that is no option of the command may also have been taken as a command's argument)
        var known = KnownOptions(parse.CommandResult).ToList();
        if (parse.Tokens.Where(t => t.Type is System.CommandLine.Parsing.TokenType.Argument).Select(t => t.Value)
                .Concat(parse.UnmatchedTokens).FirstOrDefault(t => IsOptionLike(t) && !known.Contains(t.Split('=', ':')[0])) is { } option)
        {
            var near = Nearest(option, known);
            return $"unknown option '{option}'{(near is null ? "" : $"; did you mean {near}?")} (see '{name} --help')";
        }
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

    /// <summary>"--epoch", "-x": a word that looks like an option (not a negative number).</summary>
    private static bool IsOptionLike(string token) => token.Length > 1 && token[0] == '-' && token.TrimStart('-').FirstOrDefault() is var c && char.IsLetter(c);

    /// <summary>The options of a command and those its ancestors pass down (e.g. --help), by every name.</summary>
    private static IEnumerable<string> KnownOptions(System.CommandLine.Parsing.CommandResult result)
    {
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is System.CommandLine.Parsing.CommandResult c)
                foreach (var o in c.Command.Options.Where(o => !o.Hidden && (c == result || o.Recursive)))
                {
                    yield return o.Name;
                    foreach (var a in o.Aliases) yield return a;
                }
    }

    /// <summary>The known option nearest to <paramref name="given"/>: the fewest edits (insertions, deletions,
    /// substitutions, a swap of two neighbours counting as one), at most a third of its length (and at least 2); the
    /// first such in <paramref name="known"/> on a tie; null when none is that near.</summary>
    public static string? Nearest(string given, IReadOnlyList<string> known)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(known);
        var word = given.Split('=', ':')[0];
        int limit = Math.Max(2, word.TrimStart('-').Length / 3);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            int d = Distance(word, k);
            if (d <= limit && d < bestDistance) (best, bestDistance) = (k, d);
        }
        return best;
    }

    /// <summary>Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
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
