using System.Text;
using Sure.Data;
using Sure.Errors;

namespace Sure.Text;

/// <summary>
/// Token ids for the text encoders. Id 0 is padding, id 1 the unknown word; ids 2… are the distinct tokens of a
/// dataset (all splits, in first-seen order: dialogue order, then utterance order) that have a word vector, directly
/// or through <see cref="TokenFallbacks"/>. Tokens without a vector map to <see cref="UnknownId"/>.
/// Utterances are tokenised with <see cref="Tokenizer"/> and truncated to <see cref="MaxTokens"/>.
/// </summary>
public sealed class Vocabulary : FrontEnds.IVocabularyCoverage
{
    public const int PadId = 0;
    public const int UnknownId = 1;
    public const string PadToken = "<pad>";
    public const string UnknownToken = "<unk>";

    private readonly List<string> _tokens = [PadToken, UnknownToken];
    private readonly List<string?> _vectorWords = [null, null];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    /// <summary>Utterances longer than this many tokens are truncated.</summary>
    public int MaxTokens { get; }
    /// <summary>Number of ids, padding and unknown included.</summary>
    public int Count => _tokens.Count;
    /// <summary>id → token ("&lt;pad&gt;", "&lt;unk&gt;", then the tokens).</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    public Vocabulary(int maxTokens = 100)
    {
        if (maxTokens < 1) throw new ArgumentOutOfRangeException(nameof(maxTokens));
        MaxTokens = maxTokens;
    }

    /// <summary>Adds a token that uses the vector of <paramref name="vectorWord"/>; returns its id (the existing one if present).</summary>
    public int Add(string token, string? vectorWord = null)
    {
        if (_ids.TryGetValue(token, out var id)) return id;
        id = _tokens.Count;
        _tokens.Add(token);
        _vectorWords.Add(vectorWord ?? token);
        _ids[token] = id;
        return id;
    }

    /// <summary>The id of a token, <see cref="UnknownId"/> when it is not in the vocabulary.</summary>
    public int Id(string token) => _ids.TryGetValue(token, out var id) ? id : UnknownId;

    /// <summary>The word of the vectors file whose vector id <paramref name="id"/> uses (null for padding and unknown).</summary>
    public string? VectorWord(int id) => _vectorWords[id];

    /// <summary>Builds the vocabulary of every utterance text of <paramref name="dataset"/> against <paramref name="vectors"/>.</summary>
    public static Vocabulary Build(ConversationDataset dataset, WordVectors vectors, int maxTokens = 100)
    {
        var v = new Vocabulary(maxTokens);
        foreach (var d in dataset.Dialogues)
            foreach (var u in d.Utterances)
                foreach (var t in Tokenizer.Tokenize(u.Text))
                    if (!v._ids.ContainsKey(t) && TokenFallbacks.Resolve(t, vectors) is { } w)
                        v.Add(t, w);
        return v;
    }

    /// <summary>Every word a vectors file may be asked for by this dataset (tokens and their fallbacks): a filter for <see cref="WordVectors.Load"/>.</summary>
    public static HashSet<string> WordsNeeded(ConversationDataset dataset)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in dataset.Dialogues)
            foreach (var u in d.Utterances)
                foreach (var t in Tokenizer.Tokenize(u.Text))
                    if (set.Add(t))
                        foreach (var c in TokenFallbacks.Candidates(t)) set.Add(c);
        return set;
    }

    /// <summary>Token ids of one utterance, truncated to <see cref="MaxTokens"/>; empty for no text.</summary>
    public int[] Encode(string? text)
    {
        var tokens = Tokenizer.Tokenize(text);
        var n = Math.Min(tokens.Length, MaxTokens);
        var ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = Id(tokens[i]);
        return ids;
    }

    /// <summary>Token ids of every utterance: [dialogue][utterance][token], dialogues in dataset order.</summary>
    public int[][][] Encode(ConversationDataset dataset) =>
        dataset.Dialogues.Select(d => d.Utterances.Select(u => Encode(u.Text)).ToArray()).ToArray();

    /// <summary>
    /// The [Count × dim] embedding matrix, row-major: row 0 (padding) zeros, row 1 (unknown) drawn from
    /// U(-unknownScale, unknownScale) with <paramref name="seed"/>, every other row its GloVe vector.
    /// </summary>
    public float[] EmbeddingMatrix(WordVectors vectors, double unknownScale, int seed)
    {
        int dim = vectors.Dim;
        var m = new float[Count * dim];
        var rng = new Random(seed);
        for (int k = 0; k < dim; k++) m[dim + k] = (float)((rng.NextDouble() * 2 - 1) * unknownScale);
        for (int id = 2; id < Count; id++)
        {
            var row = vectors.IndexOf(_vectorWords[id]!);
            if (row < 0) throw new SureDataException($"the word vectors lack '{_vectorWords[id]}' (token '{_tokens[id]}'): the vocabulary was built from other vectors.", vectors.Source);
            vectors[row].CopyTo(m.AsSpan(id * dim, dim));
        }
        return m;
    }

    /// <summary>Writes the vocabulary as UTF-8 text (<see cref="ToText"/>), atomically.</summary>
    public void Save(string path) => IO.AtomicFile.WriteAllText(path, ToText());

    /// <summary>The vocabulary as text: a header "sure-vocab max_tokens count", then "token\tvector_word" per id ≥ 2.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append("sure-vocab ").Append(MaxTokens).Append(' ').Append(Count).Append('\n');
        for (int id = 2; id < Count; id++) sb.Append(Escape(_tokens[id])).Append('\t').Append(Escape(_vectorWords[id]!)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Reads a file written by <see cref="Save"/>.</summary>
    public static Vocabulary Load(string path)
    {
        if (!File.Exists(path)) throw new SureUserException($"{path}: vocabulary file not found.");
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Parses the text of <see cref="ToText"/>; <paramref name="source"/> names it in errors.</summary>
    public static Vocabulary Parse(string text, string source)
    {
        var lines = text.Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0) lines = lines[..^1];
        var head = lines.Length > 0 ? lines[0].Split(' ') : [];
        if (head.Length != 3 || head[0] != "sure-vocab" || !int.TryParse(head[1], out var max) || max < 1 || !int.TryParse(head[2], out var count) || count < 2)
            throw new SureDataException("line 1: not a vocabulary file (expected 'sure-vocab MAX_TOKENS COUNT').", source);
        if (lines.Length - 1 != count - 2)
            throw new SureDataException($"the header says {count} ids but the file lists {lines.Length - 1 + 2}.", source);
        var v = new Vocabulary(max);
        for (int i = 1; i < lines.Length; i++)
        {
            var parts = lines[i].Split('\t');
            if (parts.Length != 2) throw new SureDataException($"line {i + 1}: expected 'token<TAB>vector word'.", source);
            v.Add(Unescape(parts[0]), Unescape(parts[1]));
        }
        return v;
    }

    /// <summary>Share of <paramref name="text"/>'s tokens that have an id other than <see cref="UnknownId"/> (null: no token).</summary>
    public float? KnownShare(string? text)
    {
        var tokens = Tokenizer.Tokenize(text);
        if (tokens.Length == 0) return null;
        return (float)tokens.Count(t => _ids.ContainsKey(t)) / tokens.Length;
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n");
    private static string Unescape(string s) => s.Replace("\\n", "\n").Replace("\\t", "\t").Replace("\\\\", "\\");
}
