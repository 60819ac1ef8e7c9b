using System.Globalization;
using System.Text;
using Sure.Errors;
using Sure.Text;

namespace Sure.Tests.Text;

public sealed class WordVectorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sure-wv-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var p = Path.Combine(_dir, name);
        File.WriteAllText(p, content, new UTF8Encoding(false));
        return p;
    }

    [Fact]
    public void ReadsGloveText()
    {
        var p = Write("v.txt", "the 0.1 0.2 0.3\n, -1 2.5e-1 3\n\nn't 1 1 1 \nthe 9 9 9\n");
        var v = WordVectors.Load(p);
        Assert.Equal(3, v.Dim);
        Assert.Equal(3, v.Count); // duplicate "the": the first one is kept
        Assert.Equal(new[] { 0.1f, 0.2f, 0.3f }, v.Vector("the"));
        Assert.Equal(new[] { -1f, 0.25f, 3f }, v.Vector(","));
        Assert.Equal(1, v.IndexOf(","));
        Assert.Equal(-1, v.IndexOf("unknown"));
        Assert.Equal(new float[3], v.Vector("unknown"));
    }

    [Fact]
    public void ReadsWord2VecHeaderAndFiltersWords()
    {
        var p = Write("w2v.vec", "3 2\na 1 2\nb 3 4\nc 5 6\n");
        var v = WordVectors.Load(p, w => w != "b");
        Assert.Equal(2, v.Dim);
        Assert.Equal(["a", "c"], v.Words);
    }

    [Theory]
    [InlineData("a 1 2 3\nb 1 2\n", "line 2", "expected 3 values")]
    [InlineData("a 1 2 3\nb 1 2 3 4\n", "line 2", "expected 3 values")]
    [InlineData("a 1 2 3\n\nb 1 x 3\n", "line 3", "value 2 'x' is not a finite number")]
    [InlineData("a 1 2 3\nb 1 NaN 3\n", "line 2", "not a finite number")]
    [InlineData("a\n", "line 1", "only one field")]
    [InlineData("", "", "empty")]
    public void MalformedGloveLinesNameFileAndLine(string content, string where, string what)
    {
        var p = Write("bad.txt", content);
        var e = Assert.Throws<SureDataException>(() => WordVectors.Load(p));
        Assert.Contains(p, e.Message);
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }

    private static string WinkJson(IEnumerable<(string Word, float[] Vec)> words, bool pretty)
    {
        var sb = new StringBuilder("{\"precision\": 6,\n \"meta\": {\"a\": [1, {\"b\": null}]},\n \"vectors\": {");
        int i = 0;
        foreach (var (w, vec) in words)
        {
            if (i > 0) sb.Append(',');
            if (pretty) sb.Append("\n  ");
            var norm = Math.Sqrt(vec.Sum(x => (double)x * x));
            sb.Append(System.Text.Json.JsonSerializer.Serialize(w)).Append(": [")
              .Append(string.Join(", ", vec.Select(x => x.ToString("R", CultureInfo.InvariantCulture))))
              .Append(", ").Append(norm.ToString("R", CultureInfo.InvariantCulture)).Append(", ").Append(i).Append(']');
            i++;
        }
        sb.Append(pretty ? "\n },\n \"size\": " : "}, \"size\": ").Append(i).Append('}');
        return sb.ToString();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadsWinkJsonAcrossChunkBoundaries(bool pretty)
    {
        var rng = new Random(3);
        // ~300 KB: several 64 KiB reader chunks, tokens straddling their boundaries
        var words = Enumerable.Range(0, 1500).Select(i => ($"w{i}\u00e9", Enumerable.Range(0, 20).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray())).ToList();
        words.Add(("n't", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]));
        var p = Write("emb.json", WinkJson(words, pretty));
        var v = WordVectors.Load(p);
        Assert.Equal(20, v.Dim); // norm and index dropped
        Assert.Equal(words.Count, v.Count);
        Assert.Equal(words[777].Item2, v.Vector("w777\u00e9"));
        Assert.Equal(20f, v.Vector("n't")[19]);
    }

    [Fact]
    public void DetectsJsonByContent()
    {
        var p = Write("vectors.data", WinkJson([("a", [1f, 2f]), ("b", [3f, 4f])], pretty: true));
        Assert.Equal(WordVectorFormat.WinkJson, WordVectorFormats.Detect(p));
        Assert.Equal(new[] { 3f, 4f }, WordVectors.Load(p).Vector("b"));
        var q = Write("glove.data", "a 1 2\n");
        Assert.Equal(WordVectorFormat.GloveText, WordVectorFormats.Detect(q));
    }

    [Theory]
    [InlineData("{\"vectors\": {\"a\": [1, 2, 3, 0.5, 0],\n\"b\": [1, 2, 0.5, 1]}}", "line 2", "word 'b'")]
    [InlineData("{\"vectors\": {\"a\": [1, 2, 3, 0.5, 0],\n\"b\": [1, \"x\", 3, 0.5, 1]}}", "line 2", "word 'b'")]
    [InlineData("{\"vectors\": {\"a\": [1, 2, 3, 0.5, 0],\n\"b\": 7}}", "line 2", "not an array")]
    [InlineData("{\"vectors\": {\"a\": [1, 2, 3, 0.5, 0],\n\n\"b\": [1, 2, 3, 0.5, 1]", "line 3", "not valid JSON")]
    [InlineData("{\"vectors\": {\"a\": [1, 2, 3, 0.5 0]}}", "line 1", "not valid JSON")]
    [InlineData("{\"words\": 1}", "", "no \"vectors\"")]
    [InlineData("[1, 2]", "line 1", "array")]
    public void MalformedWinkJsonNamesFileAndLine(string content, string where, string what)
    {
        var p = Write("bad.json", content);
        var e = Assert.Throws<SureDataException>(() => WordVectors.Load(p));
        Assert.Contains(p, e.Message);
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }
}
