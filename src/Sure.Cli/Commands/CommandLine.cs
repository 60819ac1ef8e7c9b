namespace Sure.Cli.Commands;

/// <summary>The command line of this invocation, as a user would type it (recorded in run folders).</summary>
public static class CommandLine
{
    // Per invocation (async flow), not per process: two SureCli.Run calls in one process (tests, a host) do not see
    // each other's arguments.
    private static readonly AsyncLocal<string[]?> _args = new();

    /// <summary>The arguments of the <see cref="SureCli.Run"/> call in progress (empty outside one).</summary>
    public static IReadOnlyList<string> Args => _args.Value ?? [];

    /// <summary>Records <paramref name="args"/> as the arguments of the invocation that runs in the current async flow.</summary>
    internal static void Begin(string[] args) => _args.Value = args;

    public static string Current() => Format(Args);

    /// <summary>"sure" and the arguments, quoted for a POSIX shell where needed.</summary>
    public static string Format(IEnumerable<string> args) =>
        "sure " + string.Join(" ", args.Select(a => a.Length == 0 || a.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$') ? $"'{a.Replace("'", "'\\''")}'" : a));
}
