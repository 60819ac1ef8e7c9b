using System.CommandLine;
using Sure.Data.Formats;

namespace Sure.Cli.Commands;

/// <summary>
/// <c>--classes</c> and <c>--cache-dir</c>: how data is read, for the commands that read data outside a run
/// configuration (eval, explain, features text, data inspect / convert). train, experiment and tune take the same
/// options through <see cref="ConfigOptions"/> (there --classes is the run setting "classes").
/// </summary>
public sealed class DataLoadingOptions
{
    public const string ClassesHelp = "The data's class names in label order, comma-separated (e.g. hap,sad,neu): for data whose files do not name its classes (else class0, class1, … with a warning).";

    /// <summary>The environment variable that sets the cache folder when --cache-dir is not given.</summary>
    public const string CacheEnvironmentVariable = "SURE_CACHE";

    public Option<string> Classes { get; } = new("--classes") { Description = ClassesHelp };
    public Option<string>? CacheDir { get; }

    public DataLoadingOptions(bool cache = true) => CacheDir = cache ? CacheDirOption() : null;

    public static Option<string> CacheDirOption() => new("--cache-dir")
    {
        Description = $"Sure's cache folder (text features in its text-features/). Default: ${CacheEnvironmentVariable} if set, else $XDG_CACHE_HOME/sure or ~/.cache/sure (Windows, macOS: sure in the local application-data folder).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Classes);
        if (CacheDir is not null) command.Options.Add(CacheDir);
    }

    public string? ClassesOf(ParseResult parse) => parse.GetValue(Classes);

    public string[]? ClassNamesOf(ParseResult parse) => EmotionClasses.Parse(ClassesOf(parse));

    public string? CacheDirOf(ParseResult parse) => CacheDirOf(parse, CacheDir);

    /// <summary>The cache folder the user chose: --cache-dir, else $SURE_CACHE; null for the library's per-user default.</summary>
    public static string? CacheDirOf(ParseResult parse, Option<string>? option) =>
        (option is null ? null : parse.GetValue(option)) is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable(CacheEnvironmentVariable) is { Length: > 0 } env ? env : null;
}
