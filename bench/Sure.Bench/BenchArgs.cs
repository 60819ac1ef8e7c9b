namespace Sure.Bench;

/// <summary>The <c>key=value</c> arguments of a bench command whose settings are strings with defaults.</summary>
public static class BenchArgs
{
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
