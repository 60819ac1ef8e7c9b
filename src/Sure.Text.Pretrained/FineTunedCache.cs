namespace Sure.Text.Bert;

/// <summary>The fine-tuned BERT kept beside its features in the <see cref="TextFeatureCache"/> ("&lt;key&gt;.bert.zip").</summary>
public static class FineTunedCache
{
    /// <summary>Writes the fine-tuned BERT of <paramref name="key"/> atomically; returns the path.</summary>
    public static string WriteFineTuned(this TextFeatureCache cache, string key, FineTunedBert encoder) =>
        IO.AtomicFile.Write(cache.FineTunedPathOf(key), tmp =>
        {
            using var zip = System.IO.Compression.ZipFile.Open(tmp, System.IO.Compression.ZipArchiveMode.Create);
            encoder.WriteTo(zip, "");
        });

    /// <summary>The fine-tuned BERT of <paramref name="key"/>; null with <paramref name="problem"/> null when absent, null
    /// with a reason when unusable.</summary>
    public static FineTunedBert? TryReadFineTuned(this TextFeatureCache cache, string key, out string? problem)
    {
        problem = null;
        var path = cache.FineTunedPathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            return FineTunedBert.ReadFrom(zip, "", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException or Errors.SureUserException)
        {
            problem = e.Message;
            return null;
        }
    }
}
