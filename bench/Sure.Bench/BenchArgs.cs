namespace Sure.Bench;

/// <summary>The arguments of the bench commands: <c>key=value</c> settings with defaults (<see cref="TryRead"/>), or
/// <c>--name value</c> pairs (<see cref="Value"/>).</summary>
public static class BenchArgs
{
    /// <summary>The value after <paramref name="name"/> (e.g. "--threads") in <paramref name="args"/>; null when the name
    /// is absent or last.</summary>
    public static string? Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Reads <paramref name="args"/> into <paramref name="settings"/> (its keys are the only ones accepted, its
    /// values the defaults); on an unknown key or a missing '=' writes one line naming <paramref name="command"/> and the
    /// keys it takes, and returns false.</summary>
    public static bool TryRead(string command, string[] args, Dictionary<string, string> settings)
    {
        foreach (var kv in args)
        {
            int eq = kv.IndexOf('=');
            if (eq < 0 || !settings.ContainsKey(kv[..eq]))
            {
                Console.Error.WriteLine($"{command}: '{kv}': expected {string.Join(", ", settings.Keys.Select(k => k + "=…"))}.");
                return false;
            }
            settings[kv[..eq]] = kv[(eq + 1)..];
        }
        return true;
    }
}
