namespace Sure.Text.Bert;

/// <summary>The fine-tuned BERT kept beside its features in the <see cref="TextFeatureCache"/> ("&lt;key&gt;.bert.zip"), and a
/// cross-fitting's K fold encoders ("&lt;key&gt;.folds.bert.zip", each under "fold-k/"); both are written and read by
/// <see cref="FineTunedBert.WriteAll"/> and <see cref="FineTunedBert.ReadAll"/>.</summary>
public static class FineTunedCache
{
    /// <summary>Writes the fine-tuned BERT of <paramref name="key"/> atomically; returns the path.</summary>
    public static string WriteFineTuned(this TextFeatureCache cache, string key, FineTunedBert encoder) => WriteZip(cache.FineTunedPathOf(key), [encoder]);

    /// <summary>The fine-tuned BERT of <paramref name="key"/>; null with <paramref name="problem"/> null when absent, null
    /// with a reason when unusable.</summary>
    public static FineTunedBert? TryReadFineTuned(this TextFeatureCache cache, string key, out string? problem) =>
        TryReadZip(cache.FineTunedPathOf(key), 1, out problem)?[0];

    /// <summary>Where the K fold encoders of the cross-fitted features of <paramref name="key"/> are kept.</summary>
    public static string FoldEncodersPathOf(this TextFeatureCache cache, string key) => Path.Combine(cache.Directory, key + ".folds.bert.zip");

    /// <summary>Writes the fold encoders of <paramref name="key"/> atomically; returns the path.</summary>
    public static string WriteFoldEncoders(this TextFeatureCache cache, string key, IReadOnlyList<FineTunedBert> encoders) =>
        WriteZip(cache.FoldEncodersPathOf(key), encoders);

    /// <summary>The <paramref name="folds"/> fold encoders of <paramref name="key"/>; null with <paramref name="problem"/> null
    /// when absent (features cached before they were kept), null with a reason when unusable.</summary>
    public static FineTunedBert[]? TryReadFoldEncoders(this TextFeatureCache cache, string key, int folds, out string? problem) =>
        TryReadZip(cache.FoldEncodersPathOf(key), folds, out problem);

    private static string WriteZip(string path, IReadOnlyList<FineTunedBert> encoders) =>
        IO.AtomicFile.Write(path, tmp =>
        {
            using var zip = System.IO.Compression.ZipFile.Open(tmp, System.IO.Compression.ZipArchiveMode.Create);
            FineTunedBert.WriteAll(zip, "", encoders);
        });

    private static FineTunedBert[]? TryReadZip(string path, int count, out string? problem)
    {
        problem = null;
        if (!File.Exists(path)) return null;
        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            return FineTunedBert.ReadAll(zip, "", count, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException or Errors.SureUserException)
        {
            problem = e.Message;
            return null;
        }
    }
}
