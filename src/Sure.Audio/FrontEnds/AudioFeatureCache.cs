using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Sure.Data;

namespace Sure.Audio.FrontEnds;

/// <summary>
/// Audio features cached by fingerprint: one file per key in the cache folder, holding a vector (or none) per utterance
/// of the dataset in order. The key covers the front end's name and settings and every utterance's recording: its path,
/// segment, and the recording's size and SHA-256, so an edited recording is never served stale features.
/// A corrupt or unreadable entry is recomputed with a warning; a cache that cannot be written is a warning too.
/// </summary>
internal sealed class AudioFeatureCache(string? directory, Action<string>? log)
{
    private const uint Magic = 0x41525553; // "SURA"

    /// <summary>The key of <paramref name="dataset"/>'s recordings under <paramref name="settings"/> (name, version, options).</summary>
    public static string Key(ConversationDataset dataset, string settings)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Str(string? s) { h.AppendData(Encoding.UTF8.GetBytes((s ?? "\0null") + "\n")); }
        Str(settings);
        var fileHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in dataset.Dialogues)
            foreach (var u in d.Utterances)
            {
                if (u.Audio is not { } a) { Str("-"); continue; }
                Str(a.Path);
                Str(a.Start?.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                Str(a.End?.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                if (!fileHashes.TryGetValue(a.Path, out var fh))
                {
                    fh = File.Exists(a.Path) ? HashFile(a.Path) : "missing";
                    fileHashes[a.Path] = fh;
                }
                Str(fh);
            }
        return Convert.ToHexStringLower(h.GetHashAndReset())[..32];
    }

    private static string HashFile(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return s.Length + ":" + Convert.ToHexStringLower(SHA256.HashData(s));
    }

    public string? PathOf(string key) => directory is null ? null : Path.Combine(directory, key + ".bin");

    /// <summary>The cached vectors of <paramref name="count"/> utterances, or null on a miss.</summary>
    public float[]?[]? TryRead(string key, int count)
    {
        var path = PathOf(key);
        if (path is null || !File.Exists(path)) return null;
        try
        {
            var bytes = File.ReadAllBytes(path);
            var span = bytes.AsSpan();
            if (span.Length < 12 || BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic) throw new InvalidDataException("bad header");
            int n = BinaryPrimitives.ReadInt32LittleEndian(span[4..]), dim = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
            if (n != count || dim < 0) throw new InvalidDataException($"holds {n} utterances, the data has {count}");
            var result = new float[]?[n];
            int pos = 12;
            for (int i = 0; i < n; i++)
            {
                if (span[pos++] == 0) continue;
                var v = new float[dim];
                for (int j = 0; j < dim; j++, pos += 4) v[j] = BinaryPrimitives.ReadSingleLittleEndian(span[pos..]);
                result[i] = v;
            }
            if (pos != span.Length) throw new InvalidDataException("trailing bytes");
            log?.Invoke($"audio features: read from the cache ({path}).");
            return result;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentOutOfRangeException or UnauthorizedAccessException)
        {
            log?.Invoke($"warning: the audio-feature cache entry {path} is unreadable ({e.Message}); recomputing.");
            return null;
        }
    }

    public void Write(string key, float[]?[] vectors)
    {
        var path = PathOf(key);
        if (path is null) return;
        int dim = vectors.FirstOrDefault(v => v is not null)?.Length ?? 0;
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(vectors.Length);
            w.Write(dim);
            foreach (var v in vectors)
            {
                w.Write((byte)(v is null ? 0 : 1));
                if (v is not null) foreach (var x in v) w.Write(x);
            }
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            IO.AtomicFile.WriteAllBytes(path, ms.ToArray());
            log?.Invoke($"audio features: cached in {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log?.Invoke($"warning: cannot write the audio-feature cache {path} ({e.Message}); continuing without it.");
        }
    }
}
