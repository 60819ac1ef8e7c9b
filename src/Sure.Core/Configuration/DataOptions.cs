namespace Sure.Configuration;

/// <summary>What a run reads and how it becomes model input: the data, its classes and columns, the text and audio front ends and their settings, the validation split, cross-validation and the preset. One of the option groups a <see cref="SureConfig"/> (the run configuration, config.json) is
/// composed of; config.json keeps its flat keys.</summary>
public sealed record DataOptions
{
    /// <summary>Path of the dataset; null means the built-in SynthERC benchmark.</summary>
    public string? Data { get; init; }
    /// <summary>GloVe-format word vectors for text features from transcripts.</summary>
    public string? Glove { get; init; }
    /// <summary>Text features from transcripts: "textcnn" (frozen, extracted and cached) or "end2end" (both over --glove),
    /// or a packaged pretrained sentence encoder, "minilm" or "arctic-xs" (frozen vectors, cached; no --glove).</summary>
    public string TextEncoder { get; init; } = "textcnn";
    /// <summary>The TextCNN over GloVe (architecture and pre-training of the extracted features; architecture of the end-to-end encoder).</summary>
    public Sure.Configuration.TextCnnOptions TextCnn { get; init; } = new();
    /// <summary>Fine-tuning of the packaged BERT for <c>--text-encoder minilm-ft|arctic-xs-ft</c> (the <c>--encoder-*</c> options).</summary>
    public global::Sure.Text.Bert.BertFineTuneOptions Encoder { get; init; } = new();
    /// <summary>How audio features are made from the utterances' recordings (<see cref="Data.Utterance.Audio"/>): the name of
    /// a registered audio front end (<see cref="FrontEnds.FrontEndCatalog"/>; Sure.Audio registers "descriptors" and
    /// "logmel-cnn"); null: audio vectors are given with the data.</summary>
    public string? AudioEncoder { get; init; }
    public bool AllowMissingModality { get; init; }
    /// <summary>The data's class names in label order, comma-separated ("hap,sad,neu"), for data whose files do not name
    /// its classes (or to rename them); null: the names the data gives (numbered "class0", … with a warning when none).</summary>
    public string? Classes { get; init; }
    /// <summary>A CSV column mapping, "audio=file,speaker=speaker,text=text,label=emotion" (keys audio, speaker, text, label,
    /// dialogue, split, start, end, id): reads <see cref="Data"/>, any CSV file, as a manifest of utterances through it
    /// (<see cref="Sure.Data.Formats.CsvColumnMapping"/>); null: only MELD's CSV files are read.</summary>
    public string? Columns { get; init; }
    /// <summary>Several corpora trained on together (<c>--data</c> given more than once, or a config file's list), each with
    /// its label map into <see cref="Classes"/>, the run's classes (<see cref="CorpusSpec"/>,
    /// <see cref="global::Sure.Loading.Corpora"/>); null (the default, left out of config.json): the one dataset <see cref="Data"/>.</summary>
    public CorpusSpec[]? Corpora { get; init; }
    public SynthErcOptions Synth { get; init; } = new();
    /// <summary>Fraction of training dialogues held out for validation when the data has no validation split.</summary>
    public double ValidFraction { get; init; } = 0.1;
    /// <summary>Fraction of the training dialogues also moved to the validation split (<see cref="Training.ValidationSplit.Enlarge"/>):
    /// a larger validation set for choosing epochs and configurations where the data's own is small (IEMOCAP's is 12
    /// dialogues). The same dialogues for every run, whatever its seed, so trials of a search are compared on one set.
    /// 0 (the default, left out of config.json): off.</summary>
    public double ValidExtra { get; init; }
    /// <summary>Group-wise cross-validation (<c>sure experiment --cv</c>): "speaker", "speaker:5", "dialogue", "session", …
    /// (see <see cref="Sure.Configuration.CvGrouping"/>). With it the run's splits are fold <see cref="CvFold"/> of
    /// that grouping, and the data's own split labels are ignored. Null (the default, left out of config.json): the
    /// data's splits.</summary>
    public string? Cv { get; init; }
    /// <summary>Where the run's settings start (<see cref="global::Sure.Loading.InputPresets"/>). Null (the default, left out of
    /// config.json): the preset of the input's kind over the facts of the dataset the loader recognised from the data's format
    /// (<see cref="global::Sure.Data.ConversationDataset.Identity"/>). "iemocap", "meld", "syntherc"
    /// (<see cref="global::Sure.Data.DatasetIdentity"/>): the same, the data taken as that dataset (its facts, its automatic
    /// class weighting). "paper": the paper's architecture and per-dataset values. "none": no preset, no dataset.</summary>
    public string? Preset { get; init; }
    /// <summary>The run's 1-based fold of <see cref="Cv"/>; set exactly when <see cref="Cv"/> is.</summary>
    public int? CvFold { get; init; }
}
