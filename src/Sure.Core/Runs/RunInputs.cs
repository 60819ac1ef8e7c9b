using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sure.Configuration;
using Sure.Errors;
using Sure.IO;

namespace Sure.Runs;

/// <summary>One input file of a run as recorded in its folder: absolute path, SHA-256 of the contents, size and time.
/// For a folder (MELD's CSV release) the hash is over its CSV files' names and hashes, the size their sum and the time the latest.</summary>
public sealed record RunInput(string Path, string Sha256, long Bytes, DateTime ModifiedUtc);

/// <summary>
/// inputs.json of a run folder: the data and word-vector files the run was trained from (<see cref="RunInput"/>).
/// config.json holds their absolute paths (<see cref="Absolute"/>), so a run folder works from any working
/// directory; this file lets <see cref="Check(string, SureConfig, bool, bool)"/> tell a moved, deleted or changed input in one line instead of
/// silently evaluating on other data. Runs written before it existed have no inputs.json and are not checked.
/// </summary>
public sealed record RunInputs
{
    public const string FileName = "inputs.json";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public RunInput? Data { get; init; }
    public RunInput? Glove { get; init; }

    /// <summary>The configuration with its data and word-vector paths made absolute (against the current directory).</summary>
    public static SureConfig Absolute(SureConfig config) => config with
    {
        Data = config.Data is null ? null : System.IO.Path.GetFullPath(config.Data),
        Glove = config.Glove is null ? null : System.IO.Path.GetFullPath(config.Glove),
        Corpora = config.Corpora?.Select(c => c with
        {
            Name = c.EffectiveName, Data = System.IO.Path.GetFullPath(c.Data),
            LabelMap = c.LabelMap is { } map && File.Exists(map) ? System.IO.Path.GetFullPath(map) : c.LabelMap,
        }).ToArray(),
    };

    /// <summary>Records the inputs of <paramref name="config"/> (absolute paths, see <see cref="Absolute"/>) in the run folder.
    /// A file whose path, size and time are those already recorded keeps its recorded hash (a resumed run does not hash it again).</summary>
    public static void Write(string runDir, SureConfig config)
    {
        var old = Read(runDir);
        var inputs = new RunInputs { Data = Record(config.Data, old?.Data), Glove = Record(config.Glove, old?.Glove) };
        AtomicFile.WriteAllText(System.IO.Path.Combine(runDir, FileName), JsonSerializer.Serialize(inputs, Indented));
    }

    /// <summary>The recorded inputs; null for a run folder without inputs.json.</summary>
    public static RunInputs? Read(string runDir)
    {
        var path = System.IO.Path.Combine(runDir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<RunInputs>(File.ReadAllText(path), Indented);
        }
        catch (JsonException e)
        {
            throw new SureUserException($"{path}: corrupt ({e.Message.Split('\n')[0]}).");
        }
    }

    /// <summary>
    /// Throws <see cref="SureUserException"/> (one line naming the file) when an input that <paramref name="config"/> uses
    /// and the run recorded is no longer at its path or no longer has the recorded contents.
    /// </summary>
    /// <param name="data">check the data (false when the caller evaluates on other data).</param>
    /// <param name="glove">check the word vectors (false when the model file, which holds the ones it uses, is scored).</param>
    public static void Check(string runDir, SureConfig config, bool data = true, bool glove = true)
    {
        var recorded = Read(runDir);
        if (recorded is null) return;
        if (data) Check(runDir, config.Data, recorded.Data, "data", $"give the data with {Setting.Name("data")} PATH");
        if (glove) Check(runDir, config.Glove, recorded.Glove, $"word vectors ({Setting.Name("glove")})", "put them back");
    }

    private static void Check(string runDir, string? path, RunInput? recorded, string what, string remedy)
    {
        if (path is null || recorded is null || path != recorded.Path) return;
        var now = Fingerprint(path);
        if (now is null)
            throw new SureUserException($"{path}: the {what} of the run {runDir} is no longer there (moved or deleted?); {remedy}.");
        if (now.Sha256 != recorded.Sha256)
            throw new SureUserException($"{path}: the {what} of the run {runDir} changed since it was trained (SHA-256 {now.Sha256[..12]}…, recorded {recorded.Sha256[..12]}…); {remedy}.");
    }

    private static RunInput? Record(string? path, RunInput? old)
    {
        if (path is null) return null;
        var (bytes, time) = Stat(path);
        if (old is not null && old.Path == path && old.Bytes == bytes && old.ModifiedUtc == time) return old;
        return Fingerprint(path);
    }

    /// <summary>The file's (or MELD folder's) fingerprint now; null when it does not exist.</summary>
    public static RunInput? Fingerprint(string path)
    {
        if (File.Exists(path))
            return new RunInput(path, Sha256Of(path), new FileInfo(path).Length, File.GetLastWriteTimeUtc(path));
        if (!Directory.Exists(path)) return null;
        var sb = new StringBuilder();
        foreach (var f in FolderFiles(path)) sb.Append(System.IO.Path.GetFileName(f)).Append('\0').Append(Sha256Of(f)).Append('\n');
        var (bytes, time) = Stat(path);
        return new RunInput(path, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()))), bytes, time);
    }

    private static (long Bytes, DateTime ModifiedUtc) Stat(string path)
    {
        if (File.Exists(path)) return (new FileInfo(path).Length, File.GetLastWriteTimeUtc(path));
        if (!Directory.Exists(path)) return (-1, default);
        var files = FolderFiles(path);
        return (files.Sum(f => new FileInfo(f).Length), files.Select(File.GetLastWriteTimeUtc).DefaultIfEmpty().Max());
    }

    /// <summary>The files of a dataset folder that its reader reads (MELD's CSVs), in a fixed order.</summary>
    private static List<string> FolderFiles(string dir) =>
        global::Sure.Data.Formats.MeldCsvFormat.Files.Select(f => System.IO.Path.Combine(dir, f.File)).Where(File.Exists).ToList();

    private static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
