namespace Sure.Data.Formats;

/// <summary>How <see cref="DatasetLoader"/> reads and validates a dataset.</summary>
public sealed record DatasetLoadOptions
{
    public static readonly DatasetLoadOptions Default = new();

    /// <summary>
    /// Keep dialogues that lack a modality the rest of the dataset has (their features stay null and the gap is
    /// reported in <see cref="DatasetValidationReport.Warnings"/>). When false such a dialogue is an error.
    /// </summary>
    public bool AllowMissingModality { get; init; }

    /// <summary>Skip the detection and read the input as this format (one of <see cref="DatasetFormats"/>).</summary>
    public string? Format { get; init; }

    /// <summary>
    /// The class names, in label order (label i is ClassNames[i]), for a dataset whose files do not name its classes
    /// (or to rename them); a label outside their range is an error naming the dialogue and the utterance. Null: the
    /// names the data gives, or "class0", "class1", … with a warning when it gives none (<see cref="EmotionClasses.Numbered"/>).
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>
    /// A column mapping, "key=column,…" (<see cref="CsvColumnMapping"/>, <c>--columns</c>): read a CSV file as a manifest
    /// of utterances through it, whatever the file's name. Null: only MELD's CSV files are read, by their known columns.
    /// </summary>
    public string? Columns { get; init; }

    /// <summary>The recording of a single WebVTT transcript, when it is not the file beside it with the same name
    /// (relative to the current folder, or absolute). Null: found beside the transcript.</summary>
    public string? Recording { get; init; }
}
