using System.CommandLine;
using Sure.Data.Formats;

namespace Sure.Cli.Commands;

/// <summary>
/// <c>--classes</c>, <c>--cache-dir</c> and (data inspect / convert) <c>--columns</c>: how data is read, for the commands
/// that read data outside a run configuration (eval, explain, features text, data inspect / convert). train, experiment
/// and tune take the same options through <see cref="ConfigOptions"/> (there --classes and --columns are the run settings
/// "classes" and "columns").
/// </summary>
public sealed class DataLoadingOptions
{
    public const string ClassesHelp = "The data's class names in label order, comma-separated (e.g. hap,sad,neu): for data whose files do not name its classes (else class0, class1, … with a warning).";

    public const string ColumnsHelp = "Read a CSV file (any name), one utterance per row, through this column mapping: key=COLUMN pairs, comma-separated; keys speaker and text or audio, and optional label, dialogue, split, order, start, end, id (e.g. dialogue=call_id,speaker=who,text=utterance,label=emotion,split=part; docs/data-formats.md). MELD's own CSVs need none.";

    /// <summary>The environment variable that sets the cache folder when --cache-dir is not given.</summary>
    public const string CacheEnvironmentVariable = "SURE_CACHE";

    /// <summary>The help of <c>--label-map</c> where a trained model is scored on other data (<c>sure eval</c>, <c>sure explain</c>).</summary>
    public const string OtherDataLabelMapHelp = "With --data: map the data's labels into the model's classes (a file of 'from=to' lines, or the pairs inline, e.g. hap=joy,exc=joy). "
        + "Without it, labels are matched to the model's classes by name; labels that match none are left out of the metrics, with a warning.";
    public Option<string> Classes { get; } = new("--classes") { Description = ClassesHelp };
    public Option<string>? CacheDir { get; }
    /// <summary>--columns, for the commands that read data with <see cref="DatasetLoader"/> directly; null elsewhere.</summary>
    public Option<string>? Columns { get; }

    /// <param name="cache">whether the command takes --cache-dir.</param>
    /// <param name="columns">whether the command takes --columns (a CSV manifest's column mapping).</param>
    public DataLoadingOptions(bool cache = true, bool columns = false)
    {
        CacheDir = cache ? CacheDirOption() : null;
        Columns = columns ? new Option<string>("--columns") { Description = ColumnsHelp } : null;
    }

    public static Option<string> CacheDirOption() => new("--cache-dir")
    {
        Description = $"Sure's cache folder (text features in its text-features/). Default: ${CacheEnvironmentVariable} if set, else $XDG_CACHE_HOME/sure or ~/.cache/sure (Windows, macOS: sure in the local application-data folder).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Classes);
        if (Columns is not null) command.Options.Add(Columns);
        if (CacheDir is not null) command.Options.Add(CacheDir);
    }

    public string? ClassesOf(ParseResult parse) => parse.GetValue(Classes);

    public string[]? ClassNamesOf(ParseResult parse) => EmotionClasses.Parse(ClassesOf(parse));

    public string? CacheDirOf(ParseResult parse) => CacheDirOf(parse, CacheDir);

    /// <summary>The column mapping given with --columns; null when none (or the command has no --columns).</summary>
    public string? ColumnsOf(ParseResult parse) => Columns is null ? null : parse.GetValue(Columns);

    /// <summary>The load options these settings ask for.</summary>
    public DatasetLoadOptions LoadOptions(ParseResult parse, bool allowMissingModality) =>
        new() { AllowMissingModality = allowMissingModality, ClassNames = ClassNamesOf(parse), Columns = ColumnsOf(parse) };

    /// <summary>The cache folder the user chose: --cache-dir, else $SURE_CACHE; null for the library's per-user default.</summary>
    public static string? CacheDirOf(ParseResult parse, Option<string>? option) =>
        (option is null ? null : parse.GetValue(option)) is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable(CacheEnvironmentVariable) is { Length: > 0 } env ? env : null;
}
