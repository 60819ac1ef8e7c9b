using System.Security.Cryptography;
using Microsoft.ML.Tokenizers;

namespace Sure.Text.Bert;

/// <summary>One text's token ids, [CLS] … [SEP], and whether it was cut to the maximum length.</summary>
/// <param name="FullLength">how many ids the text would have had without truncation (special tokens included).</param>
public sealed record BertTokens(int[] Ids, bool Truncated, int FullLength)
{
    /// <summary>Where the span that mean pooling averages over starts (inclusive): 0 for one text, or for an utterance read
    /// before its context; the first word piece of "Speaker: utterance" in the EmoBERTa layout (<see cref="BertContextInput"/>).</summary>
    public int PoolStart { get; init; }
    /// <summary>Where that span ends (exclusive): all the ids for one text; for an utterance read in its dialogue context
    /// (<see cref="BertContextInput"/>), after [CLS], the utterance's own word pieces and its [SEP] (turns layout) or after
    /// the target's own word pieces (EmoBERTa layout).</summary>
    public int PoolEnd { get; init; } = Ids.Length;
}

/// <summary>
/// BERT uncased WordPiece tokenisation over a <c>vocab.txt</c>: the reference BasicTokenizer
/// (<see cref="BertTextNormalizer.BasicTokenize"/>: lower case, accents stripped, punctuation split; correct under
/// invariant globalization), then each word through <c>Microsoft.ML.Tokenizers</c>' <see cref="BertTokenizer"/>, except
/// the rare word with a symbol or a character outside the BMP, which that tokenizer would drop: those get the same greedy
/// longest-match-first WordPiece here (<see cref="WordPiece"/>). Texts longer than <see cref="MaxTokens"/> ids ([CLS] and [SEP] included) keep their first
/// MaxTokens − 2 word pieces, as Hugging Face's truncation does; <see cref="BertTokens.Truncated"/> says so.
/// Thread-safe (the underlying tokenizer is immutable).
/// </summary>
public sealed class BertTextTokenizer
{
    private readonly BertTokenizer _tokenizer;
    private readonly Dictionary<string, int> _vocab;
    private const int MaxCharsPerWord = 100;

    public int MaxTokens { get; }
    public int ClsId => _tokenizer.ClassificationTokenId;
    public int SepId => _tokenizer.SeparatorTokenId;
    public int PadId => _tokenizer.PaddingTokenId;
    public int UnknownId { get; }
    /// <summary>SHA-256 (hex) of the vocab.txt bytes.</summary>
    public string VocabularySha256 { get; }

    /// <summary>Everything that decides the ids, as one string for cache keys and the model file.</summary>
    public string Settings =>
        $"bert-wordpiece v1 uncased strip-accents(unicode {BertAccentTable.UnicodeVersion}) max-tokens={MaxTokens} truncate=head vocab-sha256={VocabularySha256}";

    private BertTextTokenizer(BertTokenizer tokenizer, Dictionary<string, int> vocab, int maxTokens, string vocabSha)
    {
        _tokenizer = tokenizer;
        _vocab = vocab;
        MaxTokens = maxTokens;
        VocabularySha256 = vocabSha;
        UnknownId = vocab.TryGetValue(tokenizer.UnknownToken, out var unk) ? unk : throw new InvalidDataException("the vocabulary has no [UNK].");
    }

    /// <summary>A tokenizer over the vocab.txt in <paramref name="vocab"/> (read to the end; not closed).</summary>
    public static BertTextTokenizer Create(Stream vocab, int maxTokens)
    {
        if (maxTokens < 3) throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "at least 3 tokens ([CLS], one word piece, [SEP]).");
        using var ms = new MemoryStream();
        vocab.CopyTo(ms);
        var bytes = ms.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8))
            for (string? line; (line = reader.ReadLine()) is not null;)
                vocabulary.TryAdd(line.TrimEnd(), vocabulary.Count);
        ms.Position = 0;
        var options = new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true };
        return new BertTextTokenizer(BertTokenizer.Create(ms, options), vocabulary, maxTokens, sha);
    }

    /// <summary>[CLS] word pieces [SEP] of one text (null or empty → [CLS] [SEP]).</summary>
    public BertTokens Encode(string? text)
    {
        var pieces = Pieces(text);
        int keep = Math.Min(pieces.Count, MaxTokens - 2);
        var ids = new int[keep + 2];
        ids[0] = ClsId;
        for (int i = 0; i < keep; i++) ids[i + 1] = pieces[i];
        ids[^1] = SepId;
        return new BertTokens(ids, pieces.Count > keep, pieces.Count + 2);
    }

    /// <summary>The word pieces of one text, no special tokens, not cut.</summary>
    public List<int> Pieces(string? text)
    {
        var pieces = new List<int>();
        foreach (var word in BertTextNormalizer.BasicTokenize(text))
        {
            if (BertTextNormalizer.NeedsOwnWordPiece(word)) WordPiece(word, pieces);
            else pieces.AddRange(_tokenizer.EncodeToIds(word, addSpecialTokens: false));
        }
        return pieces;
    }

    /// <summary>Greedy longest-match-first WordPiece of one word (continuations prefixed "##"); a word with a piece the
    /// vocabulary lacks, or longer than 100 characters, is one [UNK].</summary>
    internal void WordPiece(string word, List<int> output)
    {
        var runes = word.EnumerateRunes().Select(r => r.ToString()).ToArray();
        if (runes.Length > MaxCharsPerWord) { output.Add(UnknownId); return; }
        var found = new List<int>();
        for (int start = 0; start < runes.Length;)
        {
            int end = runes.Length, id = -1;
            for (; end > start; end--)
            {
                var piece = string.Concat(runes[start..end]);
                if (start > 0) piece = "##" + piece;
                if (_vocab.TryGetValue(piece, out id)) break;
            }
            if (end == start) { output.Add(UnknownId); return; }
            found.Add(id);
            start = end;
        }
        output.AddRange(found);
    }

    /// <summary>The word pieces of ids (for messages and tests).</summary>
    public string Decode(IEnumerable<int> ids) => _tokenizer.Decode(ids, skipSpecialTokens: false) ?? "";
}
