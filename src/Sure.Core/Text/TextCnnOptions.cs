using System.Globalization;

namespace Sure.Text;

/// <summary>Settings of the TextCNN utterance encoder and of its pre-training (see docs/text-features.md).</summary>
public sealed record TextCnnOptions
{
    /// <summary>Convolution filters per width.</summary>
    public int Filters { get; init; } = 100;
    /// <summary>Filter widths in tokens (one Conv1d each).</summary>
    public int[] Widths { get; init; } = [3, 4, 5];
    /// <summary>Size of the exported utterance feature (the Linear "fc" after max-over-time pooling).</summary>
    public int FeatureSize { get; init; } = 100;
    public double Dropout { get; init; } = 0.5;
    /// <summary>Utterances are truncated to this many tokens (the rest is dropped).</summary>
    public int MaxTokens { get; init; } = 100;
    /// <summary>The "unknown word" embedding row is drawn from U(-s, s) with this s (seeded); 0 makes it all zeros.</summary>
    public double UnknownScale { get; init; } = 0.25;
    /// <summary>Keep the GloVe embedding frozen (always true for the extracted features; configurable for the end-to-end encoder).</summary>
    public bool FreezeEmbeddings { get; init; } = true;

    // ---- pre-training of the extractor ----
    public int Epochs { get; init; } = 8;
    /// <summary>Stop when the validation weighted F1 has not improved for this many epochs (only with a validation split); 0 = never.</summary>
    public int Patience { get; init; } = 2;
    public int BatchSize { get; init; } = 64;
    public double Lr { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 1e-2;
    /// <summary>Weight the cross-entropy by inverse class frequency on the training split.</summary>
    public bool ClassWeighted { get; init; } = true;
    public int Seed { get; init; } = 1;

    /// <summary>Checks every value; throws <see cref="Errors.SureUserException"/> naming the first bad one.</summary>
    public TextCnnOptions Validate()
    {
        void Require(bool ok, string what) { if (!ok) throw new Errors.SureUserException($"TextCNN: {what}."); }
        Require(Filters >= 1, $"filters must be ≥ 1 (got {Filters})");
        Require(Widths is { Length: > 0 } && Widths.All(w => w >= 1), "filter widths must be a non-empty list of positive integers");
        Require(FeatureSize >= 1, $"feature size must be ≥ 1 (got {FeatureSize})");
        Require(Dropout >= 0 && Dropout < 1, $"dropout must be in [0, 1) (got {Dropout})");
        Require(MaxTokens >= 1, $"max tokens must be ≥ 1 (got {MaxTokens})");
        Require(UnknownScale >= 0, $"unknown scale must be ≥ 0 (got {UnknownScale})");
        Require(Epochs >= 0, $"epochs must be ≥ 0 (got {Epochs})");
        Require(Patience >= 0, $"patience must be ≥ 0 (got {Patience})");
        Require(BatchSize >= 1, $"batch size must be ≥ 1 (got {BatchSize})");
        Require(Lr > 0, $"learning rate must be > 0 (got {Lr})");
        Require(WeightDecay >= 0, $"weight decay must be ≥ 0 (got {WeightDecay})");
        return this;
    }

    /// <summary>A canonical text of every setting, part of the feature-cache key.</summary>
    public string CanonicalString() => string.Create(CultureInfo.InvariantCulture,
        $"filters={Filters};widths={string.Join(',', Widths)};feature={FeatureSize};dropout={Dropout:R};maxTokens={MaxTokens};unk={UnknownScale:R};" +
        $"freeze={FreezeEmbeddings};epochs={Epochs};patience={Patience};batch={BatchSize};lr={Lr:R};wd={WeightDecay:R};classWeighted={ClassWeighted};seed={Seed}");
}
