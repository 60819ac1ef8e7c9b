namespace Sure.Cli.Commands;

/// <summary>The command line of this invocation, as a user would type it (recorded in run folders).</summary>
public static class CommandLine
{
    public static string[] Args { get; set; } = [];

    public static string Current() =>
        "sure " + string.Join(" ", Args.Select(a => a.Length == 0 || a.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$') ? $"'{a.Replace("'", "'\\''")}'" : a));
}
