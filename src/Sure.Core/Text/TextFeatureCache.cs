using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Sure.Data;
using Sure.Configuration;

namespace Sure.Text;

/// <summary>
/// On-disk cache of extracted text features, one file per key, "&lt;key&gt;.stf" in <see cref="Directory"/>
/// (default: "text-features" in the per-user cache folder, <see cref="IO.UserCache"/>).
/// <para>The key (<see cref="Key(ConversationDataset, string, TextCnnOptions, string?)"/>) is a SHA-256 over: a format version; the dataset's class names and, per dialogue,
/// its id, split and, per utterance, text and label; the SHA-256 of the vectors file's contents (so a copied or
/// re-downloaded file hits the cache and an edited one does not); every
/// <see cref="TextCnnOptions"/> setting (seed included); the compute set-up (<see cref="ComputeOf"/>).</para>
/// <para>File layout (little-endian): magic "SURETXF1", int32 version, 32-byte key, int32 dialogue count,
/// int32 utterance count, int32 dim, int32 utterances per dialogue, float32 rows [utterances × dim] in dialogue
/// order, then a SHA-256 of everything before it. Written to a temporary file and renamed into place. A file that
/// fails any check (size, magic, key, shape, checksum, non-finite value) is reported as a problem, never thrown.</para>
/// </summary>
public sealed class TextFeatureCache
{
    /// <summary>2: TextCNN convolutions no longer go through libtorch's oneDNN conv kernel, which read uninitialised memory on
    /// some hosts (docs/native-compat.md); features cached by version 1 may be wrong and are recomputed (new key).</summary>
    public const int FormatVersion = 2;
    private static readonly byte[] Magic = "SURETXF1"u8.ToArray();

    public static string DefaultDirectory => IO.UserCache.TextFeatures(null);

    public string Directory { get; }

    public TextFeatureCache(string? directory = null) =>
        Directory = string.IsNullOrWhiteSpace(directory) ? DefaultDirectory : Path.GetFullPath(directory);

    public string PathOf(string key) => Path.Combine(Directory, key + ".stf");

    /// <summary>The cache key (64 hex digits) of extracting text features for this dataset, vectors file and settings.</summary>
    /// <param name="compute">where the TextCNN runs: "cpu" with libtorch's intra-op thread count, e.g. "cpu/threads=2"
    /// (the thread count changes the order of floating-point sums, hence the features); null for the current CPU set-up
    /// (<see cref="ComputeOf"/>).</param>
    public static string Key(ConversationDataset dataset, string vectorsPath, TextCnnOptions options, string? compute = null) =>
        KeyOf(dataset, ContentHash(vectorsPath), options.CanonicalString(), compute ?? ComputeOf(null));

    /// <summary>The cache key of features made by another encoder (a pretrained sentence encoder): the dataset as in
    /// <see cref="Key(ConversationDataset, string, TextCnnOptions, string?)"/>, then <paramref name="encoderFingerprint"/>
    /// (model hash, tokenizer settings, maximum length, pooling, thread count: whatever decides the vectors).</summary>
    public static string Key(ConversationDataset dataset, string encoderFingerprint) => KeyOf(dataset, encoderFingerprint);

    private static string KeyOf(ConversationDataset dataset, params string?[] settings)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Str(string? s)
        {
            if (s is null) { Int(-1); return; }
            var b = Encoding.UTF8.GetBytes(s);
            Int(b.Length);
            h.AppendData(b);
        }
        void Int(long v)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(b, v);
            h.AppendData(b);
        }
        Str($"sure-text-features v{FormatVersion}");
        Int(dataset.ClassNames.Length);
        foreach (var c in dataset.ClassNames) Str(c);
        Int(dataset.Dialogues.Count);
        foreach (var d in dataset.Dialogues)
        {
            Str(d.Id);
            Int((int)d.Split);
            Int(d.Utterances.Count);
            foreach (var u in d.Utterances)
            {
                Str(u.Text);
                Int(u.Label);
            }
        }
        foreach (var s in settings) Str(s);
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    /// <summary>The compute set-up that decides the features' last bits: the device type and, on the CPU, libtorch's thread count.</summary>
    public static string ComputeOf(TorchSharp.torch.Device? device) =>
        device is null || device.type == TorchSharp.DeviceType.CPU
            ? $"cpu/threads={TorchSharp.torch.get_num_threads()}"
            : device.type.ToString().ToLowerInvariant();

    /// <summary>SHA-256 of a file's bytes in hex (streamed; about 1 s for the 330 MB glove.6B.100d), or null when absent.</summary>
    private static string? ContentHash(string path)
    {
        if (!File.Exists(path)) return null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Reads the features of <paramref name="key"/>, checking that they fit <paramref name="dataset"/>'s shape.
    /// Returns null with <paramref name="problem"/> null when there is no entry, and null with a reason when the entry is unusable.
    /// </summary>
    public float[][][]? TryRead(string key, ConversationDataset dataset, out string? problem)
    {
        problem = null;
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            var bytes = File.ReadAllBytes(path);
            return Parse(bytes, key, dataset, out problem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read it ({e.Message})";
            return null;
        }
    }

    private static float[][][]? Parse(byte[] bytes, string key, ConversationDataset dataset, out string? problem)
    {
        const int header = 8 + 4 + 32 + 4 + 4 + 4;
        problem = null;
        if (bytes.Length < header + 32) { problem = $"too short ({bytes.Length} bytes)"; return null; }
        var span = bytes.AsSpan();
        if (!span[..8].SequenceEqual(Magic)) { problem = "not a text-feature cache file (bad magic)"; return null; }
        var hash = SHA256.HashData(span[..^32]);
        if (!span[^32..].SequenceEqual(hash)) { problem = "checksum mismatch (truncated or corrupted)"; return null; }
        int version = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        if (version != FormatVersion) { problem = $"format version {version}, expected {FormatVersion}"; return null; }
        if (!span.Slice(12, 32).SequenceEqual(Convert.FromHexString(key))) { problem = "written for another key"; return null; }
        int dialogues = BinaryPrimitives.ReadInt32LittleEndian(span[44..]);
        int utterances = BinaryPrimitives.ReadInt32LittleEndian(span[48..]);
        int dim = BinaryPrimitives.ReadInt32LittleEndian(span[52..]);
        if (dialogues != dataset.Dialogues.Count) { problem = $"{dialogues} dialogues, the dataset has {dataset.Dialogues.Count}"; return null; }
        if (dim <= 0 || utterances < 0) { problem = $"bad shape ({utterances} × {dim})"; return null; }
        long expected = header + 4L * dialogues + 4L * utterances * dim + 32;
        if (bytes.Length != expected) { problem = $"{bytes.Length} bytes, expected {expected}"; return null; }

        int off = header;
        var result = new float[dialogues][][];
        long total = 0;
        for (int d = 0; d < dialogues; d++)
        {
            int n = BinaryPrimitives.ReadInt32LittleEndian(span[off..]);
            off += 4;
            if (n != dataset.Dialogues[d].Utterances.Count) { problem = $"dialogue {dataset.Dialogues[d].Id} has {n} utterances, the dataset {dataset.Dialogues[d].Utterances.Count}"; return null; }
            result[d] = new float[n][];
            total += n;
        }
        if (total != utterances) { problem = $"the per-dialogue counts add up to {total}, not {utterances}"; return null; }
        for (int d = 0; d < dialogues; d++)
            for (int u = 0; u < result[d].Length; u++)
            {
                var row = new float[dim];
                for (int k = 0; k < dim; k++, off += 4)
                {
                    row[k] = BinaryPrimitives.ReadSingleLittleEndian(span[off..]);
                    if (!float.IsFinite(row[k])) { problem = "contains a non-finite value"; return null; }
                }
                result[d][u] = row;
            }
        return result;
    }

    /// <summary>Writes the features of <paramref name="key"/> atomically (temporary file + rename); returns the path.</summary>
    public string Write(string key, float[][][] features)
    {
        int dim = features.SelectMany(d => d).Select(r => r.Length).FirstOrDefault(1);
        int utterances = features.Sum(d => d.Length);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(Convert.FromHexString(key));
            w.Write(features.Length);
            w.Write(utterances);
            w.Write(dim);
            foreach (var d in features) w.Write(d.Length);
            foreach (var d in features)
                foreach (var row in d)
                {
                    if (row.Length != dim) throw new ArgumentException($"feature rows differ in length ({row.Length} vs {dim}).");
                    foreach (var v in row) w.Write(v);
                }
        }
        var payload = ms.GetBuffer().AsSpan(0, (int)ms.Length);
        var hash = SHA256.HashData(payload);

        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(key);
        var tmp = Path.Combine(Directory, $".{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(payload);
                fs.Write(hash);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
        return path;
    }

    /// <summary>
    /// A cache hit for features that come with the model that made them (the TextCNN front end, the fine-tuned encoder):
    /// when the features of <paramref name="key"/> fit <paramref name="ds"/> and <paramref name="readCompanion"/> gives
    /// that model, assigns the features and returns it; otherwise logs why (an unusable features entry, the companion at
    /// <paramref name="companionPath"/> unusable, or <paramref name="missingMessage"/> when it is absent) and returns null.
    /// </summary>
    internal T? TryReadWithCompanion<T>(string key, ConversationDataset ds, string label, Func<(T? Value, string? Problem)> readCompanion,
        string companionPath, string missingMessage, Action<string>? log) where T : class
    {
        var cached = TryRead(key, ds, out var problem);
        if (cached is null)
        {
            if (problem is not null) log?.Invoke($"warning: text-feature cache {PathOf(key)} is unusable ({problem}); recomputing.");
            return null;
        }
        var (companion, companionProblem) = readCompanion();
        if (companion is not null)
        {
            TextTraining.AssignText(ds, cached);
            log?.Invoke($"{label}: read from cache {PathOf(key)}");
            return companion;
        }
        log?.Invoke(companionProblem is null ? missingMessage : $"warning: text-feature cache {companionPath} is unusable ({companionProblem}); recomputing.");
        return null;
    }

    /// <summary>Where the text front end (the TextCNNs behind the features of <paramref name="key"/>) is kept: "&lt;key&gt;.textcnn.zip".</summary>
    public string FrontEndPathOf(string key) => Path.Combine(Directory, key + ".textcnn.zip");

    /// <summary>Writes the front end of <paramref name="key"/> atomically; returns the path.</summary>
    public string WriteFrontEnd(string key, TextCnnFrontEnd frontEnd) =>
        IO.AtomicFile.Write(FrontEndPathOf(key), tmp =>
        {
            using var zip = System.IO.Compression.ZipFile.Open(tmp, System.IO.Compression.ZipArchiveMode.Create);
            frontEnd.WriteTo(zip, "");
        });

    /// <summary>The front end of <paramref name="key"/>; null with <paramref name="problem"/> null when absent (an entry
    /// written before front ends were kept), null with a reason when unusable.</summary>
    public TextCnnFrontEnd? TryReadFrontEnd(string key, out string? problem)
    {
        problem = null;
        var path = FrontEndPathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            var frontEnd = TextCnnFrontEnd.ReadFrom(zip, "", path);
            frontEnd.ReleaseModules(); // checked; built again only if a predictor needs it
            return frontEnd;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or Errors.SureUserException)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>Where the fine-tuned BERT behind the features of <paramref name="key"/> is kept: "&lt;key&gt;.bert.zip".</summary>
    public string FineTunedPathOf(string key) => Path.Combine(Directory, key + ".bert.zip");
}
