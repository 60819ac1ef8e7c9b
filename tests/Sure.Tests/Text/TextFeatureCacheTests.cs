using Sure.Data;
using Sure.Text;

namespace Sure.Tests.Text;

public sealed class TextFeatureCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sure-tfc-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string VectorsFile()
    {
        var path = Path.Combine(_dir, "vectors.txt");
        var v = TextFixtures.Vectors();
        File.WriteAllLines(path, v.Words.Select((w, i) => w + " " + string.Join(' ', v[i].ToArray().Select(x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));
        return path;
    }

    private static float[][][] Snapshot(ConversationDataset ds) =>
        ds.Dialogues.Select(d => d.Utterances.Select(u => u[Modality.Text]!).ToArray()).ToArray();

    [Fact]
    public void SecondCallReadsTheCacheAndCorruptionIsRecomputed()
    {
        var vectors = VectorsFile();
        var cacheDir = Path.Combine(_dir, "cache");
        var o = TextFixtures.SmallOptions(epochs: 2);
        var log = new List<string>();

        var ds1 = TextFixtures.Corpus(8, 2, 2);
        TextFeaturePipeline.EnsureTextFeatures(ds1, vectors, o, cacheDir, log.Add);
        var computed = Snapshot(ds1);
        Assert.Contains(log, l => l.StartsWith("word vectors:"));
        Assert.Contains(log, l => l.Contains("cached in"));
        var files = Directory.GetFiles(cacheDir, "*.stf");
        Assert.Single(files);
        var frontEnd = Path.ChangeExtension(files[0], ".textcnn.zip");
        Assert.True(File.Exists(frontEnd), "the TextCNNs behind the features are cached beside them, for the model file");

        log.Clear();
        var ds2 = TextFixtures.Corpus(8, 2, 2);
        TextFeaturePipeline.EnsureTextFeatures(ds2, vectors, o, cacheDir, log.Add);
        Assert.Contains(log, l => l.StartsWith("text features: read from cache"));
        Assert.DoesNotContain(log, l => l.StartsWith("word vectors:"));
        Assert.Equal(computed, Snapshot(ds2));

        // an entry without its TextCNNs (written before they were kept) is recomputed, and completed
        File.Delete(frontEnd);
        log.Clear();
        TextFeaturePipeline.EnsureTextFeatures(TextFixtures.Corpus(8, 2, 2), vectors, o, cacheDir, log.Add);
        Assert.Contains(log, l => l.Contains("lacks its TextCNNs"));
        Assert.True(File.Exists(frontEnd));

        // flip one byte in the middle of the features: the checksum catches it, the features are recomputed
        var bytes = File.ReadAllBytes(files[0]);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(files[0], bytes);
        log.Clear();
        var ds3 = TextFixtures.Corpus(8, 2, 2);
        TextFeaturePipeline.EnsureTextFeatures(ds3, vectors, o, cacheDir, log.Add);
        Assert.Contains(log, l => l.StartsWith("warning: text-feature cache") && l.Contains("checksum"));
        Assert.Equal(computed, Snapshot(ds3));

        // truncated file: recomputed too, and the cache is repaired
        File.WriteAllBytes(files[0], bytes[..10]);
        log.Clear();
        TextFeaturePipeline.EnsureTextFeatures(TextFixtures.Corpus(8, 2, 2), vectors, o, cacheDir, log.Add);
        Assert.Contains(log, l => l.StartsWith("warning: text-feature cache") && l.Contains("too short"));
        log.Clear();
        TextFeaturePipeline.EnsureTextFeatures(TextFixtures.Corpus(8, 2, 2), vectors, o, cacheDir, log.Add);
        Assert.Contains(log, l => l.StartsWith("text features: read from cache"));
        Assert.Empty(Directory.GetFiles(cacheDir, "*.tmp"));
    }

    [Fact]
    public void KeyDependsOnTextsLabelsSplitsVectorsAndSettings()
    {
        var vectors = VectorsFile();
        var o = TextFixtures.SmallOptions();
        var ds = TextFixtures.Corpus(3, 1, 1);
        var key = TextFeatureCache.Key(ds, vectors, o);
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal(key, TextFeatureCache.Key(TextFixtures.Corpus(3, 1, 1), vectors, o));

        Assert.NotEqual(key, TextFeatureCache.Key(ds, vectors, o with { Seed = 9 }));
        Assert.NotEqual(key, TextFeatureCache.Key(ds, vectors, o with { Widths = [2, 3] }));
        var relabelled = TextFixtures.Corpus(3, 1, 1);
        relabelled.Dialogues[0].Utterances[0].Label ^= 1;
        Assert.NotEqual(key, TextFeatureCache.Key(relabelled, vectors, o));
        var resplit = TextFixtures.Corpus(3, 1, 1);
        resplit.Dialogues[0].Split = Split.Test;
        Assert.NotEqual(key, TextFeatureCache.Key(resplit, vectors, o));
        var retexted = TextFixtures.Corpus(3, 1, 1);
        retexted.Dialogues[0].Utterances[0] = new Utterance { Speaker = "A", Label = retexted.Dialogues[0].Utterances[0].Label, Text = "changed" };
        Assert.NotEqual(key, TextFeatureCache.Key(retexted, vectors, o));
        // The vectors count by content: a copy elsewhere with a new modification time is the same key, an edit is not.
        var copy = Path.Combine(_dir, "copied-vectors.txt");
        File.Copy(vectors, copy);
        File.SetLastWriteTimeUtc(copy, DateTime.UtcNow.AddDays(3));
        Assert.Equal(key, TextFeatureCache.Key(ds, copy, o));
        File.AppendAllText(vectors, "extra 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n");
        Assert.NotEqual(key, TextFeatureCache.Key(ds, vectors, o));
    }

    [Fact]
    public void WrongShapeIsAProblemNotACrash()
    {
        var cache = new TextFeatureCache(Path.Combine(_dir, "c2"));
        var ds = TextFixtures.Corpus(2, 0, 0);
        var key = new string('a', 64);
        Assert.Null(cache.TryRead(key, ds, out var none));
        Assert.Null(none);
        cache.Write(key, [[[1f, 2f]], [[3f, 4f], [5f, 6f]]]); // 2 dialogues of 1 and 2 utterances; the dataset has 4 each
        Assert.Null(cache.TryRead(key, ds, out var problem));
        Assert.Contains("utterances", problem);
        Assert.Null(cache.TryRead(new string('b', 64), ds, out _)); // no such entry
        File.Copy(cache.PathOf(key), cache.PathOf(new string('b', 64)));
        Assert.Null(cache.TryRead(new string('b', 64), ds, out var other));
        Assert.Contains("another key", other);
    }

    [Fact]
    public void DefaultDirectoryIsInThePerUserCacheFolder()
    {
        // The test process points XDG_CACHE_HOME at its temporary folder (TestTempRoot); elsewhere it is ~/.cache.
        var expected = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "sure", "text-features")
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "sure", "text-features");
        Assert.Equal(expected, new TextFeatureCache().Directory);
        Assert.NotEqual(Path.Combine(Environment.CurrentDirectory, ".cache", "sure", "text-features"), new TextFeatureCache().Directory);
    }
}
