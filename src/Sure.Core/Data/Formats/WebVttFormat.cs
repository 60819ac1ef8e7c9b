using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// WebVTT transcripts ("webvtt"): one <c>.vtt</c> file is one dialogue, each cue an unlabelled utterance whose speaker is
/// its <c>&lt;v Speaker&gt;</c> voice span and whose audio is the cue's segment (start/end) of the transcript's recording.
/// The recording is the file with the same name and an audio extension (<see cref="AudioFields.Extensions"/>) in the same
/// folder, or one given explicitly. Parsed per the WebVTT spec: the "WEBVTT" signature line and header, blocks separated
/// by blank lines, NOTE/STYLE/REGION blocks skipped, optional cue identifiers, timings <c>[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt</c>
/// with optional cue settings after them, multi-line cue text (joined by spaces). A cue without a voice span is spoken by
/// <see cref="UnknownSpeaker"/> (the previous cue's speaker is not guessed); a cue with two different voices is an error.
/// </summary>
internal static partial class WebVttFormat
{
    /// <summary>The speaker of a cue without a <c>&lt;v&gt;</c> voice span.</summary>
    public const string UnknownSpeaker = "unknown";

    [GeneratedRegex(@"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>", RegexOptions.CultureInvariant)]
    private static partial Regex Voice();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    /// <summary>Whether <paramref name="path"/> is named like a WebVTT file (.vtt).</summary>
    public static bool IsVttName(string path) => path.EndsWith(".vtt", StringComparison.OrdinalIgnoreCase);

    /// <summary>The .vtt files directly in <paramref name="dir"/>, in ordinal name order.</summary>
    public static string[] FilesIn(string dir) =>
        Directory.EnumerateFiles(dir).Where(IsVttName).OrderBy(f => f, StringComparer.Ordinal).ToArray();

    /// <summary>The cues of a transcript, in file order; every mistake is a <see cref="SureDataException"/> naming
    /// <paramref name="file"/>, the line and, for a cue, the dialogue <paramref name="dialogue"/> and the cue's index.</summary>
    public static List<WebVttCue> Parse(TextReader reader, string file, string dialogue)
    {
        var lines = new List<string>();
        string? l;
        while ((l = reader.ReadLine()) is not null) lines.Add(l);
        if (lines.Count == 0) throw new SureDataException("the file is empty (a WebVTT file starts with \"WEBVTT\")", file);
        var first = lines[0].TrimStart('\uFEFF');
        if (!first.StartsWith("WEBVTT", StringComparison.Ordinal) || (first.Length > 6 && first[6] is not (' ' or '\t')))
            throw new SureDataException("line 1: a WebVTT file must start with \"WEBVTT\"", file);
        var cues = new List<WebVttCue>();
        var i = 1;
        for (; i < lines.Count && !string.IsNullOrWhiteSpace(lines[i]); i++) // the header, up to the first blank line
            if (lines[i].Contains("-->", StringComparison.Ordinal))
                throw new SureDataException($"line {i + 1}: a blank line must separate the \"WEBVTT\" header from the first cue", file);
        while (i < lines.Count)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) { i++; continue; }
            var blockStart = i;
            var block = new List<string>();
            while (i < lines.Count && !string.IsNullOrWhiteSpace(lines[i])) block.Add(lines[i++]);
            var head = block[0];
            if (IsKeyword(head, "NOTE") || IsKeyword(head, "STYLE") || IsKeyword(head, "REGION")) continue;
            var timing = 0;
            string? id = null;
            if (!head.Contains("-->", StringComparison.Ordinal))
            {
                id = head.Trim();
                timing = 1;
                if (block.Count < 2 || !block[1].Contains("-->", StringComparison.Ordinal))
                    throw new SureDataException($"line {blockStart + 1}: expected a cue timing line \"00:00:01.000 --> 00:00:04.500\" (after the cue id '{Shorten(id)}')", file, dialogue, cues.Count);
            }
            var timingLine = blockStart + timing + 1;
            SureDataException Bad(string problem) => new($"line {timingLine}: {problem}", file, dialogue, cues.Count);
            var parts = block[timing].Split("-->", 2);
            var startText = parts[0].Trim();
            var endText = parts[1].TrimStart().Split([' ', '\t'], 2)[0];
            var start = Seconds(startText) ?? throw Bad($"'{startText}' is not a WebVTT timestamp ([hh:]mm:ss.ttt)");
            var end = Seconds(endText) ?? throw Bad($"'{endText}' is not a WebVTT timestamp ([hh:]mm:ss.ttt)");
            if (end <= start) throw Bad($"the cue ends ({endText}) before it starts ({startText})");
            var payload = block.Skip(timing + 1).ToList();
            if (payload.Any(p => p.Contains("-->", StringComparison.Ordinal)))
                throw Bad("the cue text holds \"-->\"; a blank line must end a cue before the next one");
            var (speaker, text) = SpeakerAndText(payload, Bad);
            cues.Add(new WebVttCue(timingLine, id, start, end, speaker, text));
        }
        return cues;
    }

    /// <summary>
    /// The recording of the transcript <paramref name="vttPath"/>: <paramref name="given"/> when not null (relative to the
    /// current folder, or absolute; it must exist), else the one file in the transcript's folder with its name and an
    /// audio extension; null when there is none. Two such files are an error (give the recording explicitly).
    /// </summary>
    public static string? Recording(string vttPath, string? given)
    {
        var full = Path.GetFullPath(vttPath);
        if (given is not null)
            return AudioFields.Resolve(given, Directory.GetCurrentDirectory(), p => new SureDataException($"the recording given for it: {p}", vttPath));
        var dir = Path.GetDirectoryName(full)!;
        var stem = Path.GetFileNameWithoutExtension(full);
        var found = AudioFields.Extensions.Select(e => Path.Combine(dir, stem + e)).Where(File.Exists).ToArray();
        if (found.Length == 0)
        {
            // a case-insensitive match (Recording.WAV) on a case-sensitive file system
            found = Directory.EnumerateFiles(dir)
                .Where(f => string.Equals(Path.GetFileNameWithoutExtension(f), stem, StringComparison.OrdinalIgnoreCase)
                            && AudioFields.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .OrderBy(f => f, StringComparer.Ordinal).ToArray();
        }
        return found.Length switch
        {
            0 => null,
            1 => found[0],
            _ => throw new SureDataException($"two recordings could be the transcript's ({string.Join(", ", found.Select(Path.GetFileName))}): give one explicitly", vttPath),
        };
    }

    /// <summary>
    /// A folder's .vtt files (or one .vtt file) as a dataset of unlabelled dialogues in the test split. Dialogue ids are
    /// the file names without ".vtt". <paramref name="recording"/> names the recording of a single file (not of a
    /// folder); a transcript without a recording is kept with text only, and a warning says so.
    /// </summary>
    public static ConversationDataset Read(string path, string? recording, IReadOnlyList<string>? classNames, DatasetValidationReport report)
    {
        string[] files;
        if (Directory.Exists(path))
        {
            if (recording is not null)
                throw new SureUserException($"{path}: a recording can be given for one .vtt file, not for a folder (each transcript's recording is found beside it).");
            files = FilesIn(path);
            if (files.Length == 0) throw new SureUserException($"{path}: the folder holds no .vtt file.");
        }
        else files = [path];
        if (classNames is null)
            throw new SureDataException($"WebVTT transcripts carry no emotion labels, so they name no classes: pass {Setting.Name("classes")} NAME,NAME,… (the classes of the model that will label them)", path);
        var dialogues = new List<Dialogue>(files.Length);
        foreach (var file in files)
        {
            var id = Path.GetFileNameWithoutExtension(file);
            var audio = Recording(file, recording);
            if (audio is null)
                report.Warn($"{file}: no recording beside it (looked for {id}{string.Join($", {id}", AudioFields.Extensions)}): its cues carry text only");
            List<WebVttCue> cues;
            using (var reader = Open(file)) cues = Parse(reader, file, id);
            if (cues.Count == 0) throw new SureDataException("the transcript has no cues", file, id);
            dialogues.Add(new Dialogue
            {
                Id = id,
                Split = Split.Test,
                Utterances = cues.Select(c => new Utterance
                {
                    Speaker = c.Speaker,
                    Text = c.Text,
                    Audio = audio is null ? null : new AudioSegment(audio, c.Start, c.End),
                }).ToList(),
            });
        }
        return new ConversationDataset
        {
            Name = Directory.Exists(path) ? new DirectoryInfo(Path.GetFullPath(path)).Name : Path.GetFileNameWithoutExtension(path),
            Format = DatasetFormats.WebVtt,
            Source = path,
            ClassNames = [.. classNames],
            Dialogues = dialogues,
        };
    }

    /// <summary>Opens a transcript as UTF-8 (the encoding WebVTT requires).</summary>
    public static StreamReader Open(string path)
    {
        try { return new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SureUserException($"Cannot read '{path}': {e.Message}", e);
        }
    }

    /// <summary>Seconds of a WebVTT timestamp ("01:02.500", "1:02:03.250" is not valid: hours need 2+ digits), or null.</summary>
    public static double? Seconds(string s)
    {
        var m = Timestamp().Match(s);
        if (!m.Success) return null;
        var hours = m.Groups[1].Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return hours * 3600 + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * 60
               + int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) + int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture) / 1000.0;
    }

    private static (string Speaker, string Text) SpeakerAndText(List<string> payload, Func<string, SureDataException> bad)
    {
        var raw = string.Join("\n", payload);
        string? speaker = null;
        foreach (Match v in Voice().Matches(raw))
        {
            var name = WebUtility.HtmlDecode(v.Groups[1].Value).Trim();
            if (name.Length == 0) throw bad("a <v> voice span without a speaker name (<v Name>)");
            if (speaker is not null && speaker != name) throw bad($"the cue has two voices ({speaker}, {name}); give each its own cue");
            speaker = name;
        }
        var text = WebUtility.HtmlDecode(Tag().Replace(raw, ""));
        text = string.Join(" ", text.Split('\n').Select(t => t.Trim()).Where(t => t.Length > 0));
        return (speaker ?? UnknownSpeaker, text);
    }

    private static bool IsKeyword(string line, string keyword) =>
        line.StartsWith(keyword, StringComparison.Ordinal) && (line.Length == keyword.Length || line[keyword.Length] is ' ' or '\t');

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
