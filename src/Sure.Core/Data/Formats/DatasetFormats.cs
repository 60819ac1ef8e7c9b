namespace Sure.Data.Formats;

/// <summary>The names of the supported input formats (stored in <see cref="ConversationDataset.Format"/>).</summary>
public static class DatasetFormats
{
    public const string SdtIemocapPickle = "sdt-iemocap-pkl";
    public const string SdtMeldPickle = "sdt-meld-pkl";
    public const string MmgcnIemocapPickle = "mmgcn-iemocap-pkl";
    public const string CosmicIemocapPickle = "cosmic-iemocap-pkl";
    public const string CosmicMeldPickle = "cosmic-meld-pkl";
    /// <summary>A COSMIC transcript pickle that is neither IEMOCAP's nor MELD's (classes unknown unless named).</summary>
    public const string CosmicPickle = "cosmic-pkl";
    public const string MeldCsv = "meld-csv";
    public const string SureJsonl = "sure-jsonl";
    /// <summary>Any CSV read through a column mapping (<see cref="DatasetLoadOptions.Columns"/>, <c>--columns</c>).</summary>
    public const string CsvManifest = "csv-manifest";
    /// <summary>WebVTT transcripts (.vtt) with voice spans, beside their recordings.</summary>
    public const string WebVtt = "webvtt";

    /// <summary>Format names a user may force with <see cref="DatasetLoadOptions.Format"/>: any pickle layout is detected from "pickle".</summary>
    public static readonly string[] Forcible = ["pickle", MeldCsv, SureJsonl, CsvManifest, WebVtt];
}
