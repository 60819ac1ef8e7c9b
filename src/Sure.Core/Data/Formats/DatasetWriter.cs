namespace Sure.Data.Formats;

/// <summary>Writes any loaded dataset in our open format (sure-jsonl, optionally with a safetensors feature store).</summary>
public static class DatasetWriter
{
    /// <summary>Writes <paramref name="dataset"/> to <paramref name="path"/> (.jsonl); returns the feature store path if one was written.</summary>
    public static string? Write(ConversationDataset dataset, string path, bool featureStore = false)
    {
        if (!path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            throw new Errors.SureUserException($"The output '{path}' must end in .jsonl (the sure-jsonl format).");
        return SureJsonlWriter.Write(dataset, path, featureStore);
    }
}
