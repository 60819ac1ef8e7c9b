using System.Text;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Errors;

namespace Sure.Inference;

/// <summary>The layouts <see cref="ConversationReader"/> reads (docs/predict.md).</summary>
public enum ConversationFormat
{
    /// <summary>sure-jsonl: an optional header line, then one dialogue per line (docs/data-formats.md).</summary>
    Jsonl,
    /// <summary>A MELD-style CSV: Dialogue_ID, Utterance_ID, Speaker, Utterance, optional Emotion (gold).</summary>
    Csv,
    /// <summary>"Speaker: text" per line, a blank line between conversations, an optional "# id" line naming one.</summary>
    Transcript,
    /// <summary>A WebVTT transcript (.vtt): one conversation, a turn per cue, the speaker from its &lt;v&gt; voice span and
    /// the turn's audio the cue's segment of the recording beside the file (docs/data-formats.md).</summary>
    WebVtt,
}

/// <summary>
/// Reads conversations to label, lazily: one conversation in memory at a time, so a file or standard input of any
/// length is streamed (a WebVTT file, one conversation, is read whole). The layout comes from the file's extension
/// (.jsonl/.json, .csv, .txt, .vtt) or, failing that, from the first non-blank line: <c>{</c> is sure-jsonl, "WEBVTT"
/// is WebVTT, a CSV header with Dialogue_ID is a MELD-style CSV, anything else a transcript. Recordings named by
/// sure-jsonl (<c>"audio"</c>, <c>"start"</c>, <c>"end"</c>, on the utterance or its dialogue) or found beside a .vtt
/// file become <see cref="Turn.Audio"/> (absolute paths; the recording must exist).
/// <code>
/// foreach (var conversation in ConversationReader.Read("calls.txt")) Console.WriteLine(conversation.Id);
/// </code>
/// Every mistake in the input is a <see cref="SureDataException"/> naming the file (or "stdin"), the line and, where
/// known, the conversation and the turn; ids must be unique and no conversation may be empty.
/// </summary>
public static class ConversationReader
{
    /// <summary>How standard input is named in errors.</summary>
    public const string StdinName = "stdin";

    /// <summary>The conversations of <paramref name="path"/> ("-" = standard input). A missing file is reported
    /// here, at once; everything else as the conversations are enumerated.</summary>
    /// <param name="path">the file, or "-".</param>
    /// <param name="format">the layout; null: from the extension or the content.</param>
    /// <param name="recording">the recording of a WebVTT transcript when it is not the file beside it with the same name
    /// (relative to the current folder, or absolute); only for WebVTT.</param>
    public static IEnumerable<Conversation> Read(string path, ConversationFormat? format = null, string? recording = null)
    {
        if (path == "-") return Read(Console.In, StdinName, format, null, recording);
        MustExist(path);
        return ReadFile(path, format ?? FormatOf(path), recording);
    }

    /// <summary>The layout a file name says (.jsonl/.json, .csv, .txt, .vtt), or null to sniff the content.</summary>
    public static ConversationFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jsonl" or ".json" => ConversationFormat.Jsonl,
        ".csv" => ConversationFormat.Csv,
        ".txt" => ConversationFormat.Transcript,
        ".vtt" => ConversationFormat.WebVtt,
        _ => null,
    };

    /// <summary>
    /// The conversations of any CSV, one turn per row, through a column mapping (<c>--columns
    /// dialogue=call_id,speaker=who,text=utterance,label=emotion,order=turn</c>: <see cref="Data.Formats.CsvColumnMapping"/>,
    /// the same as <c>sure train --columns</c>): each dialogue is a conversation, its rows in file order or by the order
    /// column; a label cell is the turn's gold label (empty: none); a split column is ignored. The file is read whole.
    /// </summary>
    public static IReadOnlyList<Conversation> ReadCsv(string path, string columns)
    {
        MustExist(path);
        var mapping = Data.Formats.CsvColumnMapping.Parse(columns, path);
        var data = Data.Formats.CsvManifestFormat.Read(path, mapping, null, new Data.Formats.DatasetValidationReport(), requireLabels: false);
        return [.. data.Dialogues.Select(d => new Conversation(d.Id, [.. d.Utterances.Select(u =>
            new Turn(u.Speaker, u.Text, u.Label >= 0 ? data.ClassNames[u.Label] : null, null, u.Audio))]))];
    }

    /// <summary>Opens <paramref name="path"/> as UTF-8 text (a byte-order mark is honoured); a missing or unreadable
    /// file, or a folder, is a <see cref="SureUserException"/>.</summary>
    public static StreamReader Open(string path)
    {
        MustExist(path);
        try { return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SureUserException($"Cannot read '{path}': {e.Message}", e);
        }
    }

    private static void MustExist(string path)
    {
        if (Directory.Exists(path)) throw new SureUserException($"{path}: a folder; give a .jsonl, .csv, .txt or .vtt file of conversations (or - for standard input).");
        if (!File.Exists(path)) throw new SureUserException($"{path}: no such file.");
    }

    private static IEnumerable<Conversation> ReadFile(string path, ConversationFormat? format, string? recording)
    {
        using var reader = Open(path);
        foreach (var c in Read(reader, path, format, path, recording)) yield return c;
    }

    /// <summary>The conversations of <paramref name="reader"/>, named <paramref name="source"/> in errors; the layout
    /// is sniffed from the first non-blank line when <paramref name="format"/> is null. When <paramref name="source"/>
    /// is an existing file (not <see cref="StdinName"/>), a WebVTT transcript's recording is looked for beside it, and
    /// the transcript's conversation is named after it.</summary>
    /// <param name="reader">the input.</param>
    /// <param name="source">the file the reader reads, or another name for the input (errors name it).</param>
    /// <param name="format">the layout, or null to sniff it.</param>
    /// <param name="recording">the recording of a WebVTT transcript, when given explicitly (relative to the current
    /// folder, or absolute); only for WebVTT.</param>
    public static IEnumerable<Conversation> Read(TextReader reader, string source, ConversationFormat? format = null, string? recording = null) =>
        Read(reader, source, format, source != StdinName && File.Exists(source) ? source : null, recording);

    /// <param name="reader">the input.</param>
    /// <param name="source">how the input is named in errors.</param>
    /// <param name="format">the layout, or null to sniff it.</param>
    /// <param name="file">the file read, when it is one: a WebVTT transcript's recording is looked for beside it.</param>
    /// <param name="recording">a WebVTT transcript's recording given explicitly.</param>
    private static IEnumerable<Conversation> Read(TextReader reader, string source, ConversationFormat? format, string? file, string? recording)
    {
        var (sniffed, input) = Sniff(reader, format);
        if (recording is not null && sniffed != ConversationFormat.WebVtt)
            throw new SureUserException($"{source}: a recording is given, but only a WebVTT transcript (.vtt) takes one.");
        var parsed = sniffed switch
        {
            ConversationFormat.Jsonl => ReadJsonl(input, source),
            ConversationFormat.Csv => ReadCsv(input, source),
            ConversationFormat.WebVtt => ReadWebVtt(input, source, file, recording),
            _ => ReadTranscript(input, source),
        };
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, conversation) in parsed)
        {
            if (!ids.Add(conversation.Id))
                throw new SureDataException($"line {line}: an earlier conversation has the same id" +
                    (sniffed == ConversationFormat.Csv ? " (the rows of one dialogue must be contiguous)" : ""), source, conversation.Id);
            if (conversation.Turns.Count == 0) throw new SureDataException($"line {line}: the conversation has no turns", source, conversation.Id);
            yield return conversation;
        }
        if (ids.Count == 0) throw new SureDataException("the input holds no conversations", source);
    }

    /// <summary>Reads up to the first non-blank line to decide the layout, and hands back a reader that still
    /// starts at the beginning.</summary>
    private static (ConversationFormat Format, TextReader Input) Sniff(TextReader reader, ConversationFormat? format)
    {
        if (format is { } known) return (known, reader);
        var prefix = new StringBuilder();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            prefix.Append(line).Append('\n');
            var first = line.Trim().TrimStart('\uFEFF').TrimStart();
            if (first.Length == 0) continue;
            var sniffed = first.StartsWith('{') ? ConversationFormat.Jsonl
                : first.StartsWith("WEBVTT", StringComparison.Ordinal) ? ConversationFormat.WebVtt
                : first.Split(',').Any(h => h.Trim().Trim('"') == "Dialogue_ID") ? ConversationFormat.Csv
                : ConversationFormat.Transcript;
            return (sniffed, new PrefixedReader(prefix.ToString(), reader));
        }
        return (ConversationFormat.Transcript, new StringReader(prefix.ToString()));
    }

    private static IEnumerable<string> Lines(TextReader reader)
    {
        string? line;
        while ((line = reader.ReadLine()) is not null) yield return line;
    }

    private static IEnumerable<(int Line, Conversation Conversation)> ReadJsonl(TextReader input, string source)
    {
        string[]? classes = null;
        foreach (var d in SureJsonlFormat.ReadDialogues(Lines(input), source, h => classes = h.Classes))
        {
            var strings = d.StringLabels.ToDictionary(p => p.Index, p => p.Label);
            var turns = new List<Turn>(d.Dialogue.Count);
            for (var i = 0; i < d.Dialogue.Count; i++)
            {
                var u = d.Dialogue.Utterances[i];
                SureDataException Bad(string problem) => new($"line {d.Line}: {problem}", source, d.Dialogue.Id, i);
                if (string.IsNullOrWhiteSpace(u.Speaker)) throw Bad("the utterance has no speaker");
                var label = strings.GetValueOrDefault(i);
                if (u.Label >= 0)
                {
                    if (classes is null) throw Bad("integer labels need a header line with \"classes\"");
                    label = u.Label < classes.Length ? classes[u.Label] : throw Bad($"label {u.Label} is out of range (0..{classes.Length - 1} for {string.Join(", ", classes)})");
                }
                Dictionary<string, float[]>? features = null;
                foreach (var m in Modalities.All)
                    if (u[m] is { } vector) (features ??= [])[m.Name()] = vector;
                turns.Add(new Turn(u.Speaker, u.Text, label, features, u.Audio));
            }
            yield return (d.Line, new Conversation(d.Dialogue.Id, turns));
        }
    }

    private static IEnumerable<(int Line, Conversation Conversation)> ReadCsv(TextReader input, string source)
    {
        using var records = Rfc4180CsvReader.Parse(input, source).GetEnumerator();
        if (!records.MoveNext()) throw new SureDataException("the file is empty (no header row)", source);
        var header = records.Current.Fields.Select(h => h.Trim()).ToArray();
        int Column(string name) => MeldCsvFormat.ColumnOf(header, name) ?? throw MeldCsvFormat.MissingColumn(header, name, source);
        int cDialogue = Column("Dialogue_ID"), cUtterance = Column("Utterance_ID"), cSpeaker = Column("Speaker"), cText = Column("Utterance");
        var cEmotion = MeldCsvFormat.ColumnOf(header, "Emotion");
        string? id = null;
        var startLine = 0;
        var rows = new List<(long Order, Turn Turn)>();
        var orders = new HashSet<long>();
        (int, Conversation) Flush()
        {
            rows.Sort((a, b) => a.Order.CompareTo(b.Order));
            var conversation = new Conversation(id!, rows.Select(r => r.Turn).ToList());
            rows.Clear();
            orders.Clear();
            return (startLine, conversation);
        }
        while (records.MoveNext())
        {
            var (line, f) = records.Current;
            if (f.Length != header.Length)
                throw new SureDataException($"line {line}: {f.Length} fields, but the header has {header.Length}", source);
            var dialogue = f[cDialogue].Trim();
            if (dialogue.Length == 0) throw new SureDataException($"line {line}: the Dialogue_ID is empty", source);
            if (dialogue != id)
            {
                if (id is not null) yield return Flush();
                id = dialogue;
                startLine = line;
            }
            var order = MeldCsvFormat.Number(f[cUtterance], "Utterance_ID", source, line);
            if (!orders.Add(order))
                throw new SureDataException($"line {line}: Utterance_ID {order} appears twice", source, id);
            var speaker = f[cSpeaker].Trim();
            if (speaker.Length == 0) throw new SureDataException($"line {line}: the Speaker is empty", source, id, rows.Count);
            var gold = cEmotion is { } ce && f[ce].Trim() is { Length: > 0 } emotion ? emotion : null;
            rows.Add((order, new Turn(speaker, f[cText], gold)));
        }
        if (id is not null) yield return Flush();
    }

    private static IEnumerable<(int Line, Conversation Conversation)> ReadWebVtt(TextReader input, string source, string? file, string? recording)
    {
        var id = file is null ? source : Path.GetFileNameWithoutExtension(file);
        var cues = WebVttFormat.Parse(input, source, id);
        string? audio;
        if (file is not null) audio = WebVttFormat.Recording(file, recording);
        else audio = recording is null ? null : WebVttFormat.Recording(source, recording);
        var turns = cues.Select(c => new Turn(c.Speaker, c.Text, Audio: audio is null ? null : new AudioSegment(audio, c.Start, c.End))).ToList();
        yield return (cues.Count > 0 ? cues[0].Line : 1, new Conversation(id, turns));
    }

    private static IEnumerable<(int Line, Conversation Conversation)> ReadTranscript(TextReader input, string source)
    {
        string? id = null;
        var idLine = 0;
        var startLine = 0;
        var number = 0;
        var turns = new List<Turn>();
        (int, Conversation) Flush()
        {
            var conversation = new Conversation(id ?? number.ToString(System.Globalization.CultureInfo.InvariantCulture), turns);
            turns = [];
            id = null;
            return (startLine, conversation);
        }
        var lineNo = 0;
        foreach (var raw in Lines(input))
        {
            lineNo++;
            var line = raw.Trim().TrimStart('\uFEFF').TrimStart();
            if (line.Length == 0)
            {
                if (turns.Count > 0) yield return Flush();
                continue;
            }
            if (line.StartsWith('#'))
            {
                if (turns.Count > 0) yield return Flush();
                else if (id is not null) throw new SureDataException($"line {lineNo}: the conversation named on line {idLine} has no turns", source, id);
                id = line[1..].Trim();
                if (id.Length == 0) throw new SureDataException($"line {lineNo}: a '#' line must give the conversation's id (\"# call-17\")", source);
                idLine = lineNo;
                continue;
            }
            if (turns.Count == 0)
            {
                number++;
                startLine = lineNo;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0 || line[..colon].Trim().Length == 0)
                throw new SureDataException($"line {lineNo}: expected \"Speaker: text\", found \"{Shorten(line)}\"", source,
                    id ?? number.ToString(System.Globalization.CultureInfo.InvariantCulture), turns.Count);
            turns.Add(new Turn(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        if (turns.Count > 0) yield return Flush();
        else if (id is not null) throw new SureDataException($"line {idLine}: the conversation has no turns", source, id);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <summary>The lines read while sniffing, then the rest of the reader.</summary>
    private sealed class PrefixedReader(string prefix, TextReader rest) : TextReader
    {
        private int _pos;

        public override int Peek() => _pos < prefix.Length ? prefix[_pos] : rest.Peek();

        public override int Read() => _pos < prefix.Length ? prefix[_pos++] : rest.Read();

        public override int Read(char[] buffer, int index, int count)
        {
            if (_pos >= prefix.Length) return rest.Read(buffer, index, count);
            var n = Math.Min(count, prefix.Length - _pos);
            prefix.CopyTo(_pos, buffer, index, n);
            _pos += n;
            return n;
        }

        public override string? ReadLine()
        {
            if (_pos >= prefix.Length) return rest.ReadLine();
            var end = prefix.IndexOf('\n', _pos); // the prefix is whole lines, each ending in '\n'
            var line = prefix[_pos..end];
            _pos = end + 1;
            return line;
        }
    }
}
