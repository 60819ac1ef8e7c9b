using Sure.Data.Pickle;
using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// Loads any supported dataset into a validated <see cref="ConversationDataset"/>, detecting the format:
/// a folder (or one of its *_sent_emo.csv files) is MELD's CSV release; a pickle is recognised by its structure
/// (SDT 12/13-tuple, MMGCN 9-tuple, COSMIC 6/7-item list, whose class set is told by its speakers and labels); a JSON-lines file is sure-jsonl.
/// </summary>
public static class DatasetLoader
{
    public static ConversationDataset Load(string path, DatasetLoadOptions? options = null) => Load(path, options, out _);

    public static ConversationDataset Load(string path, DatasetLoadOptions? options, out DatasetValidationReport report)
    {
        options ??= DatasetLoadOptions.Default;
        report = new DatasetValidationReport();
        var dataset = DetectFormat(path, options.Format) switch
        {
            DatasetFormats.MeldCsv => MeldCsvFormat.Read(Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!, report),
            DatasetFormats.SureJsonl => SureJsonlFormat.Read(path),
            _ => FromPickleObject(PickleReader.ReadFile(path), path),
        };
        dataset = Named(dataset, options.ClassNames, report);
        DatasetValidator.Validate(dataset, options, report);
        return dataset;
    }

    /// <summary>The dataset with the caller's class names (every label checked against them), or as it is with a warning
    /// when it has only numbered names and the caller gives none.</summary>
    private static ConversationDataset Named(ConversationDataset dataset, IReadOnlyList<string>? names, DatasetValidationReport report)
    {
        var file = dataset.Source ?? dataset.Name;
        if (names is null)
        {
            if (EmotionClasses.AreNumbered(dataset.ClassNames))
                report.Warn($"{file}: the file does not name its {dataset.ClassCount} classes; they are called {dataset.ClassNames[0]}…{dataset.ClassNames[^1]}: pass --classes NAME,NAME,… to name them");
            return dataset;
        }
        if (names.Count == 0 || names.Any(string.IsNullOrWhiteSpace))
            throw new SureUserException($"--classes: an empty class name in '{string.Join(",", names)}'.");
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new SureUserException($"--classes: a class name is listed twice in '{string.Join(",", names)}'.");
        foreach (var d in dataset.Dialogues)
            for (var i = 0; i < d.Count; i++)
                if (d.Utterances[i].Label >= names.Count)
                    throw new SureDataException($"label {d.Utterances[i].Label} is out of range of --classes ({names.Count} classes: {string.Join(", ", names)})", file, d.Id, i);
        return new ConversationDataset { Name = dataset.Name, Format = dataset.Format, Source = dataset.Source, ClassNames = [.. names], Dialogues = dataset.Dialogues };
    }

    /// <summary>"pickle", <see cref="DatasetFormats.MeldCsv"/> or <see cref="DatasetFormats.SureJsonl"/>.</summary>
    public static string DetectFormat(string path, string? forced = null)
    {
        if (forced is not null)
            return DatasetFormats.Forcible.Contains(forced)
                ? forced
                : throw new SureUserException($"Unknown dataset format '{forced}': use one of {string.Join(", ", DatasetFormats.Forcible)}.");
        if (Directory.Exists(path))
            return MeldCsvFormat.IsMeldFolder(path)
                ? DatasetFormats.MeldCsv
                : throw new SureUserException($"The folder '{path}' holds no dataset this tool reads (expected MELD's train_sent_emo.csv / dev_sent_emo.csv / test_sent_emo.csv).");
        if (!File.Exists(path)) throw new SureUserException($"The dataset '{path}' does not exist.");
        var name = Path.GetFileName(path);
        if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            return MeldCsvFormat.Files.Any(f => f.File.Equals(name, StringComparison.OrdinalIgnoreCase))
                ? DatasetFormats.MeldCsv
                : throw new SureUserException($"'{path}': the only CSVs read are MELD's train_sent_emo.csv, dev_sent_emo.csv and test_sent_emo.csv.");
        var head = new byte[2];
        int read;
        using (var f = File.OpenRead(path)) read = f.Read(head, 0, 2);
        if (read == 0) throw new SureDataException("the file is empty", path);
        if (head[0] == 0x80) return "pickle";
        if (name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            || SureJsonlFormat.LooksLikeJsonl(path))
            return DatasetFormats.SureJsonl;
        if (name.EndsWith(".pkl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".pickle", StringComparison.OrdinalIgnoreCase)
            || head[0] is (byte)'(' or (byte)']' or (byte)'}' or (byte)'c' or (byte)'l' or (byte)'d')
            return "pickle";
        throw new SureUserException($"'{path}': unrecognised dataset format (expected a pickle, a sure-jsonl file or a MELD CSV folder).");
    }

    /// <summary>Interprets an unpickled object as one of the known pickle layouts (not yet validated).</summary>
    public static ConversationDataset FromPickleObject(object? root, string file)
    {
        if (CommunityFeaturePickleFormat.Matches(root)) return CommunityFeaturePickleFormat.Read(root, file);
        if (CosmicTranscriptPickleFormat.Matches(root)) return CosmicTranscriptPickleFormat.Read(root, file);
        var what = root switch
        {
            PyTuple t => $"a {t.Count}-tuple",
            List<object?> l => $"a list of {l.Count} items",
            _ => PyTypeName.Of(root),
        };
        throw new SureDataException($"unrecognised pickle layout: found {what}; expected an SDT/SURE feature 12- or 13-tuple, an MMGCN 9-tuple " +
                                    "or a COSMIC transcript list of 6 (IEMOCAP layout) or 7 (MELD layout) items", file);
    }
}
