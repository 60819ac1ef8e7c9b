using System.Globalization;

namespace Sure.Configuration;

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
    /// <summary>
    /// Cross-fitting: with K ≥ 2 the training dialogues are split into K folds and each fold's features come from a
    /// TextCNN trained on the other K − 1 folds (out-of-fold), so that training features are as noisy as the features
    /// of unseen dialogues; validation and test features come from a TextCNN trained on the whole training split.
    /// 0 or 1 = off (every feature from the one TextCNN trained on the whole training split).
    /// </summary>
    public int Folds { get; init; }
    /// <summary>
    /// End-to-end encoder only (<c>--text-encoder end2end</c>): start SURE's text branch from a TextCNN pre-trained on
    /// the training split with these settings (then fine-tuned jointly) instead of from random weights. A randomly
    /// initialised branch does not learn through the reasoning module (docs/text-features.md). Not part of the
    /// feature-cache key: it does not change the extracted features.
    /// </summary>
    public bool WarmStart { get; init; } = true;
    /// <summary>
    /// What is exported per utterance: <c>features</c> (the fc layer, <see cref="FeatureSize"/> values; default) or
    /// <c>log-probs</c> (the head's log class probabilities, one value per class). With cross-fitting, log-probs are
    /// the consistent choice: class probabilities mean the same thing whichever fold model produced them, hidden
    /// features do not (docs/text-features.md); valid/test then get the log of the mean of the K fold models'
    /// probabilities, so every split's features come from models that did not see it.
    /// </summary>
    public string Export { get; init; } = FeaturesExport;

    public const string FeaturesExport = "features";
    public const string LogProbsExport = "log-probs";

    /// <summary>The size of one exported vector for <paramref name="classCount"/> classes.</summary>
    public int ExportSize(int classCount) => Export == LogProbsExport ? classCount : FeatureSize;

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
        Require(Folds >= 0, $"folds must be ≥ 0 (got {Folds})");
        Require(Export is FeaturesExport or LogProbsExport, $"export must be '{FeaturesExport}' or '{LogProbsExport}' (got '{Export}')");
        return this;
    }

    /// <summary>Value equality, the filter widths compared element by element (a record would compare the array reference).</summary>
    public bool Equals(TextCnnOptions? other) => other is not null && CanonicalString() == other.CanonicalString() && WarmStart == other.WarmStart;

    public override int GetHashCode() => CanonicalString().GetHashCode(StringComparison.Ordinal);

    /// <summary>A canonical text of every setting, part of the feature-cache key.</summary>
    public string CanonicalString() => string.Create(CultureInfo.InvariantCulture,
        $"filters={Filters};widths={string.Join(',', Widths)};feature={FeatureSize};dropout={Dropout:R};maxTokens={MaxTokens};unk={UnknownScale:R};" +
        $"freeze={FreezeEmbeddings};epochs={Epochs};patience={Patience};batch={BatchSize};lr={Lr:R};wd={WeightDecay:R};classWeighted={ClassWeighted};seed={Seed}{(Folds >= 2 ? ";folds=" + Folds.ToString(CultureInfo.InvariantCulture) : "")}{(Export != FeaturesExport ? ";export=" + Export : "")}");
}
