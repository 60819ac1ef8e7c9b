using Sure.Cli.Commands;

namespace Sure.Cli;

/// <summary>
/// The command line's names for the settings library messages name (<see cref="Sure.Errors.Setting"/>): a configuration
/// key becomes the option that sets it (<c>glove</c> → <c>--glove</c>, <c>encoder.epochs</c> → <c>--encoder-epochs</c>),
/// an argument of a command its option, a step its command. The error printer renders every
/// <see cref="Sure.Errors.SureUserException"/> through it.
/// </summary>
public static class CliVocabulary
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> _names = new(() =>
    {
        var names = new Dictionary<string, string>(new ConfigOptions(includeData: true).Flags, StringComparer.Ordinal)
        {
            // arguments of `sure experiment` / `sure tune`, not configuration keys
            ["seeds"] = "--seeds", ["shard"] = "--shard", ["cv"] = "--cv", ["space"] = "--space", ["variants"] = "--variants",
            ["out"] = "--out",
            ["command:export"] = "run sure export --checkpoint",
        };
        return names;
    });

    /// <summary>The command line's name for a setting key; null for a key it does not know (the library's name stays).</summary>
    public static string? Flag(string key) => _names.Value.TryGetValue(key, out var flag) ? flag : null;

    /// <summary>A user error's message in the command line's words.</summary>
    public static string Message(Sure.Errors.SureUserException e) => e.MessageIn(Flag);
}
