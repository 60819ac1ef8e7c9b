using Sure.Data.Pickle;
using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// Loads any supported dataset into a validated <see cref="ConversationDataset"/>, detecting the format:
/// a folder (or one of its *_sent_emo.csv files) is MELD's CSV release; a pickle is recognised by its structure
/// (SDT 12/13-tuple, MMGCN 9-tuple, COSMIC 6/7-item list, whose class set is told by its speakers and labels); a JSON-lines file is sure-jsonl;
/// any CSV with a column mapping (<see cref="DatasetLoadOptions.Columns"/>) is a manifest; .vtt files are WebVTT transcripts.
/// </summary>
public static class DatasetLoader
{
    public static ConversationDataset Load(string path, DatasetLoadOptions? options = null) => Load(path, options, out _);

    public static ConversationDataset Load(string path, DatasetLoadOptions? options, out DatasetValidationReport report)
    {
        options ??= DatasetLoadOptions.Default;
        report = new DatasetValidationReport();
        var format = DetectFormat(path, options.Format, options.Columns is not null);
        if (options.Recording is not null && format != DatasetFormats.WebVtt)
            throw new SureUserException($"{path}: a recording is given, but only a WebVTT transcript (.vtt) takes one.");
        var dataset = format switch
        {
            DatasetFormats.MeldCsv => MeldCsvFormat.Read(Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!, report),
            DatasetFormats.SureJsonl => SureJsonlFormat.Read(path),
            DatasetFormats.CsvManifest => CsvManifestFormat.Read(path, CsvColumnMapping.Parse(options.Columns
                ?? throw new SureUserException($"{path}: the csv-manifest format needs a column mapping ({Setting.Name("columns")} dialogue=COLUMN,speaker=COLUMN,text=COLUMN,label=COLUMN)."), path),
                options.ClassNames, report),
            DatasetFormats.WebVtt => WebVttFormat.Read(path, options.Recording, options.ClassNames, report),
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
                report.Warn($"{file}: the file does not name its {dataset.ClassCount} classes; they are called {dataset.ClassNames[0]}…{dataset.ClassNames[^1]}: name them with the classes setting (NAME,NAME,…)");
            return dataset;
        }
        if (names.Count == 0 || names.Any(string.IsNullOrWhiteSpace))
            throw new SureUserException($"{Setting.Name("classes")}: an empty class name in '{string.Join(",", names)}'.");
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new SureUserException($"{Setting.Name("classes")}: a class name is listed twice in '{string.Join(",", names)}'.");
        foreach (var d in dataset.Dialogues)
            for (var i = 0; i < d.Count; i++)
                if (d.Utterances[i].Label >= names.Count)
                    throw new SureDataException($"label {d.Utterances[i].Label} is out of range of {Setting.Name("classes")} ({names.Count} classes: {string.Join(", ", names)})", file, d.Id, i);
        return new ConversationDataset { Name = dataset.Name, Format = dataset.Format, Source = dataset.Source, Identity = dataset.Identity, ClassNames = [.. names], Dialogues = dataset.Dialogues };
    }

    /// <summary>
    /// "pickle", <see cref="DatasetFormats.MeldCsv"/>, <see cref="DatasetFormats.SureJsonl"/>, <see cref="DatasetFormats.CsvManifest"/>
    /// (a .csv file when <paramref name="columns"/>: a column mapping is given) or <see cref="DatasetFormats.WebVtt"/>
    /// (a .vtt file, a file starting "WEBVTT", or a folder of .vtt files).
    /// </summary>
    public static string DetectFormat(string path, string? forced = null, bool columns = false)
    {
        if (forced is not null)
            return DatasetFormats.Forcible.Contains(forced)
                ? forced
                : throw new SureUserException($"Unknown dataset format '{forced}': use one of {string.Join(", ", DatasetFormats.Forcible)}.");
        if (Directory.Exists(path))
        {
            if (columns) throw new SureUserException($"{path}: {Setting.Name("columns")} reads one CSV file; give the file, not its folder.");
            if (MeldCsvFormat.IsMeldFolder(path)) return DatasetFormats.MeldCsv;
            if (WebVttFormat.FilesIn(path).Length > 0) return DatasetFormats.WebVtt;
            throw new SureUserException($"The folder '{path}' holds no dataset this tool reads (expected MELD's train_sent_emo.csv / dev_sent_emo.csv / test_sent_emo.csv, or WebVTT transcripts *.vtt).");
        }
        if (!File.Exists(path)) throw new SureUserException($"The dataset '{path}' does not exist.");
        var name = Path.GetFileName(path);
        if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            if (columns) return DatasetFormats.CsvManifest;
            return MeldCsvFormat.Files.Any(f => f.File.Equals(name, StringComparison.OrdinalIgnoreCase))
                ? DatasetFormats.MeldCsv
                : throw new SureUserException($"'{path}': say which columns hold what with {Setting.Name("columns")}, e.g. {Setting.Name("columns")} dialogue=COLUMN,speaker=COLUMN,text=COLUMN,label=COLUMN " +
                                              "(also split, order, audio, start, end, id; docs/data-formats.md).");
        }
        if (columns) throw new SureUserException($"'{path}': {Setting.Name("columns")} maps the columns of a CSV file (.csv), and this is not one.");
        if (WebVttFormat.IsVttName(name)) return DatasetFormats.WebVtt;
        var head = new byte[2];
        int read;
        using (var f = File.OpenRead(path)) read = f.Read(head, 0, 2);
        if (read == 0) throw new SureDataException("the file is empty", path);
        if (head[0] == 0x80) return "pickle";
        if (StartsWebVtt(path)) return DatasetFormats.WebVtt;
        if (name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            || SureJsonlFormat.LooksLikeJsonl(path))
            return DatasetFormats.SureJsonl;
        if (name.EndsWith(".pkl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".pickle", StringComparison.OrdinalIgnoreCase)
            || head[0] is (byte)'(' or (byte)']' or (byte)'}' or (byte)'c' or (byte)'l' or (byte)'d')
            return "pickle";
        throw new SureUserException($"'{path}': unrecognised dataset format (expected a pickle, a sure-jsonl file, a MELD CSV folder, a CSV with {Setting.Name("columns")} or a WebVTT transcript).");
    }

    private static bool StartsWebVtt(string path)
    {
        var buffer = new byte[9];
        int n;
        using (var f = File.OpenRead(path)) n = f.Read(buffer, 0, buffer.Length);
        var text = System.Text.Encoding.UTF8.GetString(buffer, 0, n).TrimStart('\uFEFF');
        return text.StartsWith("WEBVTT", StringComparison.Ordinal);
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
