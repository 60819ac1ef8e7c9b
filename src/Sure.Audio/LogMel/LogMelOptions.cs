using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Sure.Errors;

namespace Sure.Audio.LogMel;

/// <summary>
/// Settings of the log-mel spectrogram, of the <see cref="LogMelCnn"/> over it and of its cross-fitted training
/// (<see cref="LogMelTrainer"/>); see docs/audio-logmel.md. Every value takes part in <see cref="Fingerprint"/>.
/// </summary>
public sealed record LogMelOptions
{
    // ---- spectrogram ----
    /// <summary>Mel bands (HTK mel scale, 0 Hz to 8 kHz).</summary>
    public int Mels { get; init; } = 64;
    /// <summary>Analysis window (periodic Hann) in milliseconds: 25 ms = 400 samples at 16 kHz.</summary>
    public double FrameMs { get; init; } = 25;
    /// <summary>Hop between frames in milliseconds: 10 ms = 160 samples at 16 kHz.</summary>
    public double HopMs { get; init; } = 10;
    /// <summary>FFT length (a power of two, at least the window length); the window is zero-padded to it.</summary>
    public int FftSize { get; init; } = 512;
    /// <summary>Clips longer than this are cut to their middle <c>MaxSeconds</c> seconds (the rest is dropped).</summary>
    public double MaxSeconds { get; init; } = 8;
    /// <summary>
    /// <c>global</c> (default): each mel band is standardised with the mean and standard deviation over every frame of
    /// the training-split clips (fit once, stored with the encoder); <c>utterance</c>: with the clip's own statistics.
    /// </summary>
    public string Normalization { get; init; } = GlobalNormalization;

    // ---- network ----
    /// <summary>Channels of the second conv block; the first has half as many, the later ones twice as many (32: 16, 32,
    /// 64, 64). Keep it a multiple of 16 (then blocks 2 on use libtorch's convolution, much faster than the matrix-product path).</summary>
    public int Channels { get; init; } = 32;
    /// <summary>Conv blocks (3×3 conv, masked batch norm, ReLU, 2×2 max pooling), 1 to 6.</summary>
    public int Blocks { get; init; } = 4;
    /// <summary>Size of the hidden layer (the "fc" embedding after mean+max pooling over time).</summary>
    public int Hidden { get; init; } = 64;
    /// <summary>Dropout before the hidden layer and before the head (training only).</summary>
    public double Dropout { get; init; } = 0.3;

    // ---- training ----
    /// <summary>Training epochs per model (at most: see <see cref="Patience"/>); 0 = untrained (random) models.</summary>
    public int Epochs { get; init; } = 30;
    /// <summary>Stop when the inner-validation score has not improved for this many epochs; 0 = never (the best epoch is still kept).</summary>
    public int Patience { get; init; } = 8;
    /// <summary>AdamW's (peak) learning rate.</summary>
    public double Lr { get; init; } = 1e-3;
    /// <summary><c>constant</c> (default): the learning rate stays at <see cref="Lr"/>; <c>cosine</c>: it falls from
    /// <see cref="Lr"/> to 0 along a half cosine over the <see cref="Epochs"/> (per step). On EmoDB constant with 30
    /// epochs did much better than cosine with 15 (docs/audio-logmel.md).</summary>
    public string Schedule { get; init; } = ConstantSchedule;
    /// <summary>AdamW's decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 1e-2;
    /// <summary>Clips per training step.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Weight the cross-entropy by inverse class frequency on the fitting clips.</summary>
    public bool ClassWeighted { get; init; } = true;
    /// <summary>SpecAugment-style masking while training: one band of up to 8 mels and one stretch of up to 10 % of the frames, zeroed per clip.</summary>
    public bool Augment { get; init; } = true;
    /// <summary>Share of each fitting set's groups held out (whole groups) as the inner validation split that picks the
    /// epoch (early stopping); 0 = no inner validation, the last epoch is kept.</summary>
    public double InnerValid { get; init; } = 0.15;
    /// <summary>Cross-fitting folds over the training groups (≥ 2); 0 or 1 = off (one model on the whole training split gives every vector, the training ones in-sample).</summary>
    public int Folds { get; init; } = 5;
    /// <summary>Seeds the folds, the inner splits, shuffling, masking, initialisation and dropout (fold k's model: Seed + 1 + k; the full model: Seed).</summary>
    public int Seed { get; init; } = 1;
    /// <summary>What a vector is: <c>logprobs</c> (log class probabilities, one per class) or <c>hidden</c> (the fc layer, <see cref="Hidden"/> values).</summary>
    public string Export { get; init; } = LogProbsExport;
    /// <summary>
    /// Where the vectors of clips outside the training split (and of new clips) come from: <c>folds</c> (the log of
    /// the K fold models' mean class probabilities; needs <c>logprobs</c>) or <c>full</c> (one more model trained on the whole
    /// training split; required for <c>hidden</c>, whose spaces differ from model to model). Without cross-fitting,
    /// always the full model.
    /// </summary>
    public string TestFrom { get; init; } = FoldsTestFrom;
    /// <summary>
    /// The libtorch intra-op thread count the caller runs with (results are reproducible for a fixed seed and thread
    /// count). The library never sets it: the caller calls <c>torch.set_num_threads</c>; when this is set and differs
    /// from <c>torch.get_num_threads()</c>, training logs a warning. Null = not recorded.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>Value of <see cref="Schedule"/>: half-cosine decay.</summary>
    public const string CosineSchedule = "cosine";
    /// <summary>Value of <see cref="Schedule"/>: constant learning rate.</summary>
    public const string ConstantSchedule = "constant";
    /// <summary>Value of <see cref="Normalization"/>: training-split statistics.</summary>
    public const string GlobalNormalization = "global";
    /// <summary>Value of <see cref="Normalization"/>: each clip's own statistics.</summary>
    public const string UtteranceNormalization = "utterance";
    /// <summary>Value of <see cref="Export"/>: log class probabilities.</summary>
    public const string LogProbsExport = "logprobs";
    /// <summary>Value of <see cref="Export"/>: the hidden layer.</summary>
    public const string HiddenExport = "hidden";
    /// <summary>Value of <see cref="TestFrom"/>: the fold models' averaged probabilities.</summary>
    public const string FoldsTestFrom = "folds";
    /// <summary>Value of <see cref="TestFrom"/>: a model trained on the whole training split.</summary>
    public const string FullTestFrom = "full";

    /// <summary>Window length in samples at 16 kHz.</summary>
    [JsonIgnore]
    public int WindowSamples => (int)Math.Round(FrameMs * AudioClip.StandardRate / 1000.0);
    /// <summary>Hop in samples at 16 kHz.</summary>
    [JsonIgnore]
    public int HopSamples => (int)Math.Round(HopMs * AudioClip.StandardRate / 1000.0);
    /// <summary>Whether training is cross-fitted (<see cref="Folds"/> ≥ 2).</summary>
    [JsonIgnore]
    public bool CrossFits => Folds >= 2;
    /// <summary>Whether outside-training vectors average the fold models (cross-fitted with <see cref="TestFrom"/> = folds).</summary>
    [JsonIgnore]
    public bool AveragesFolds => CrossFits && TestFrom == FoldsTestFrom;
    /// <summary>The size of one vector for <paramref name="classes"/> classes.</summary>
    public int ExportSize(int classes) => Export == LogProbsExport ? classes : Hidden;

    /// <summary>Checks every value; throws <see cref="SureUserException"/> naming the first bad one.</summary>
    public LogMelOptions Validate()
    {
        void Require(bool ok, string what) { if (!ok) throw new SureUserException($"log-mel CNN: {what}."); }
        Require(Mels >= 1 && Mels <= 512, $"mels must be in [1, 512] (got {Mels})");
        Require(HopMs > 0 && HopSamples >= 1, $"hop must be > 0 ms (got {HopMs})");
        Require(FrameMs > 0 && WindowSamples >= 2, $"frame must be > 0 ms (got {FrameMs})");
        Require(FftSize >= WindowSamples && FftSize <= 65536 && (FftSize & (FftSize - 1)) == 0,
            $"FFT size must be a power of two ≥ the window ({WindowSamples} samples) (got {FftSize})");
        Require(MaxSeconds > 0, $"max seconds must be > 0 (got {MaxSeconds})");
        Require(Normalization is GlobalNormalization or UtteranceNormalization, $"normalization must be '{GlobalNormalization}' or '{UtteranceNormalization}' (got '{Normalization}')");
        Require(Channels >= 1, $"channels must be ≥ 1 (got {Channels})");
        Require(Blocks >= 1 && Blocks <= 6, $"blocks must be in [1, 6] (got {Blocks})");
        Require(Hidden >= 1, $"hidden size must be ≥ 1 (got {Hidden})");
        Require(Dropout >= 0 && Dropout < 1, $"dropout must be in [0, 1) (got {Dropout})");
        Require(Epochs >= 0, $"epochs must be ≥ 0 (got {Epochs})");
        Require(Patience >= 0, $"patience must be ≥ 0 (got {Patience})");
        Require(Lr > 0, $"learning rate must be > 0 (got {Lr})");
        Require(Schedule is CosineSchedule or ConstantSchedule, $"schedule must be '{CosineSchedule}' or '{ConstantSchedule}' (got '{Schedule}')");
        Require(WeightDecay >= 0, $"weight decay must be ≥ 0 (got {WeightDecay})");
        Require(BatchSize >= 1, $"batch size must be ≥ 1 (got {BatchSize})");
        Require(InnerValid >= 0 && InnerValid < 1, $"inner validation share must be in [0, 1) (got {InnerValid})");
        Require(Folds >= 0, $"folds must be ≥ 0 (got {Folds})");
        Require(Export is LogProbsExport or HiddenExport, $"export must be '{LogProbsExport}' or '{HiddenExport}' (got '{Export}')");
        Require(TestFrom is FoldsTestFrom or FullTestFrom, $"test-from must be '{FoldsTestFrom}' or '{FullTestFrom}' (got '{TestFrom}')");
        Require(!(CrossFits && Export == HiddenExport && TestFrom == FoldsTestFrom),
            "hidden vectors cannot be averaged over fold models (each has its own hidden space): use test-from 'full' or export 'logprobs'");
        Require(Threads is null or >= 1, $"threads must be ≥ 1 (got {Threads})");
        return this;
    }

    /// <summary>A canonical text of every setting.</summary>
    public string CanonicalString() => string.Create(CultureInfo.InvariantCulture,
        $"mels={Mels};frame={FrameMs:R};hop={HopMs:R};fft={FftSize};max={MaxSeconds:R};norm={Normalization};channels={Channels};blocks={Blocks};" +
        $"hidden={Hidden};dropout={Dropout:R};epochs={Epochs};patience={Patience};lr={Lr:R};schedule={Schedule};wd={WeightDecay:R};batch={BatchSize};" +
        $"classWeighted={ClassWeighted};augment={Augment};innerValid={InnerValid:R};folds={Folds};seed={Seed};export={Export};testFrom={TestFrom};" +
        $"threads={(Threads is { } t ? t.ToString(CultureInfo.InvariantCulture) : "-")}");

    /// <summary>A short key of every setting (the first 16 hex digits of the SHA-256 of <see cref="CanonicalString"/>), for caches.</summary>
    public string Fingerprint() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalString())))[..16];
}
