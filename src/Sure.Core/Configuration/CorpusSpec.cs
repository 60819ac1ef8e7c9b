using Sure.Errors;

namespace Sure.Configuration;

/// <summary>
/// One corpus of a run that trains across corpora (<see cref="SureConfig.Corpora"/>; <c>--data</c> given several times):
/// where it is, how its labels map into the run's classes (<see cref="SureConfig.Classes"/>) and which of its splits the
/// run uses. Its dialogue ids and speakers are prefixed with <see cref="Name"/> ("iemocap/Ses01F_impro01", "iemocap/M"),
/// so two corpora never share a speaker or a dialogue.
/// </summary>
public sealed record CorpusSpec
{
    /// <summary>The corpus's short name, the prefix of its dialogue ids and speakers; default: the file name without
    /// extension (a folder's name), lower-cased.</summary>
    public string? Name { get; init; }
    /// <summary>The dataset file or folder (any supported format).</summary>
    public string Data { get; init; } = "";
    /// <summary>Its labels into the run's classes: a <c>from=to</c> file, or the pairs inline ("hap=joy,exc=joy,fru=anger");
    /// a label that is already one of the run's classes needs no pair; null: no map.</summary>
    public string? LabelMap { get; init; }
    /// <summary>Its own class names, for data whose files do not name them (as <c>--classes</c> for one dataset).</summary>
    public string? Classes { get; init; }
    /// <summary>Its CSV column mapping (as <c>--columns</c> for one dataset).</summary>
    public string? Columns { get; init; }
    /// <summary>Which of its dialogues the run uses: "all" (its own train / valid / test splits, the default), "train" (its
    /// train and valid splits; its test dialogues are left out) or "test" (its test split only, as test data: to measure
    /// how a model trained on the other corpora transfers).</summary>
    public string Use { get; init; } = "all";

    /// <summary>The uses <see cref="Use"/> may name.</summary>
    public static readonly string[] Uses = ["all", "train", "test"];

    /// <summary>The name used as the prefix: <see cref="Name"/>, else derived from <see cref="Data"/>.</summary>
    public string EffectiveName => !string.IsNullOrWhiteSpace(Name) ? Name.Trim() : DefaultName(Data);

    /// <summary>The default name of a corpus at <paramref name="path"/>: its file name without extension (a folder's name), lower-cased.</summary>
    public static string DefaultName(string path)
    {
        var trimmed = path.TrimEnd('/', '\\');
        var name = Directory.Exists(trimmed) ? Path.GetFileName(trimmed) : Path.GetFileNameWithoutExtension(trimmed);
        return (name.Length == 0 ? trimmed : name).ToLowerInvariant();
    }

    /// <summary>Checks a run's corpora: at least one, each with a path, a known use and a name of its own.</summary>
    public static void Validate(IReadOnlyList<CorpusSpec> corpora)
    {
        if (corpora.Count == 0) throw new SureUserException($"{Setting.Name("corpora")} lists no corpus; give each one's \"data\".");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in corpora)
        {
            if (string.IsNullOrWhiteSpace(c.Data)) throw new SureUserException($"{Setting.Name("corpora")}: a corpus has no \"data\" (its file or folder).");
            if (!Uses.Contains(c.Use, StringComparer.Ordinal))
                throw new SureUserException($"{Setting.Name("corpora")}: corpus '{c.EffectiveName}' has use '{c.Use}'; expected {string.Join(", ", Uses)}.");
            var name = c.EffectiveName;
            if (name.Contains('/') || name.Contains(':') || name.Contains('=') || name.Contains(','))
                throw new SureUserException($"{Setting.Name("corpora")}: the corpus name '{name}' may not contain '/', ':', '=' or ','.");
            if (!names.Add(name))
                throw new SureUserException($"{Setting.Name("corpora")}: two corpora are named '{name}'; give each its own \"name\".");
        }
        if (corpora.All(c => c.Use == "test"))
            throw new SureUserException($"{Setting.Name("corpora")}: every corpus has use 'test'; at least one must give training data.");
    }
}
