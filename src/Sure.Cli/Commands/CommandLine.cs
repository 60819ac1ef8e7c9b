namespace Sure.Cli.Commands;

/// <summary>The command line of this invocation, as a user would type it (recorded in run folders).</summary>
public static class CommandLine
{
    public static string[] Args { get; set; } = [];

    public static string Current() => Format(Args);

    /// <summary>"sure" and the arguments, quoted for a POSIX shell where needed.</summary>
    public static string Format(IEnumerable<string> args) =>
        "sure " + string.Join(" ", args.Select(a => a.Length == 0 || a.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$') ? $"'{a.Replace("'", "'\\''")}'" : a));
}
