using System.Globalization;
using System.Text.Json.Serialization;

namespace Sure.Text.Bert;

/// <summary>
/// Fine-tuning of a packaged BERT (<c>--text-encoder minilm-ft|arctic-xs-ft</c>, the <c>--encoder-*</c> options): the
/// encoder plus a linear head on its pooled output, trained for utterance-level emotion classification on the training
/// split (cross-entropy, class-weighted by default (<see cref="ClassWeighted"/>), AdamW with linear warm-up and linear decay, early stopping on the validation
/// weighted F1, keeping the best epoch). Every setting is part of the feature-cache key (<see cref="CanonicalString"/>).
/// </summary>
public sealed record BertFineTuneOptions
{
    public int Epochs { get; init; } = 3;
    public double Lr { get; init; } = 5e-5;
    public int BatchSize { get; init; } = 16;
    /// <summary>Maximum length in word pieces, [CLS] and [SEP] included (utterances are cut, and counted).</summary>
    public int MaxTokens { get; init; } = 64;
    /// <summary>Stop when the validation weighted F1 has not improved for this many epochs (0 = never).</summary>
    public int Patience { get; init; } = 2;
    /// <summary>Share of all steps over which the learning rate rises linearly from 0; it then falls linearly to 0.</summary>
    public double WarmupFraction { get; init; } = 0.1;
    public double WeightDecay { get; init; } = 0.01;
    /// <summary>Gradient-norm clipping (0 = off).</summary>
    public double GradClip { get; init; } = 1.0;
    /// <summary>Inverse-frequency class weights in the fine-tuning loss: true (the default), false, or null for the run's own
    /// class weighting (<c>--class-weights</c>: auto is on for IEMOCAP, off otherwise), resolved with the data before
    /// fine-tuning (<see cref="ForClassWeighting"/>); the feature-cache key holds the resolved value. On MELD the plain loss
    /// makes a 6 points better encoder alone but not a better SURE on its vectors, which validation preferred on the
    /// weighted encoder (docs/results.md, "The encoder's class weighting on MELD").</summary>
    public bool? ClassWeighted { get; init; } = true;
    /// <summary>Keep the 30,522 × 384 word-embedding table as pretrained (position, type embeddings and every layer still
    /// train): half the parameters the optimiser updates and no dense embedding gradient, ≈ 1.5 times faster steps
    /// (docs/benchmarks.md, <c>encoder-throughput</c>); words absent from the training split keep their pretrained vectors.</summary>
    public bool FreezeWordEmbeddings { get; init; } = true;
    /// <summary>Dialogue context: the encoder reads each utterance with up to this many turns before and after it
    /// (with their speakers) inside <see cref="MaxTokens"/> (<c>BertContextInput</c> (Sure.Text.Pretrained)); 0 = the utterance alone.</summary>
    public int Context { get; init; }
    /// <summary>How each utterance is laid out for the encoder: <see cref="UtteranceInput"/> (the utterance first, then up to
    /// <see cref="Context"/> turns before and after it) or <see cref="EmoBertaInput"/> (EmoBERTa's: past turns, the target as
    /// "Speaker: utterance", future turns, as many as fit in <see cref="MaxTokens"/>, nearest first; <see cref="Context"/> &gt; 0
    /// caps the turns per side). <c>BertContextInput</c> (Sure.Text.Pretrained) packs both.
    /// Null (the default, and what a configuration written before this setting gives) is the utterance layout; null is not
    /// written to config.json, so older files round-trip unchanged.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Input { get; init; }
    /// <summary>EmoBERTa layout only: earlier turns only, no future ones (for causal and live models; set automatically
    /// when the model's context is causal, <see cref="ForModel"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool PastOnly { get; init; }

    public const string UtteranceInput = "utterance";
    public const string EmoBertaInput = "emoberta";

    /// <summary>The layout in force: <see cref="Input"/>, or <see cref="UtteranceInput"/> when unset.</summary>
    [JsonIgnore]
    public string InputLayout => Input ?? UtteranceInput;

    /// <summary>Cross-fitting (K ≥ 2; 0 or 1 = off): each training dialogue's vector comes from one of K further encoders,
    /// fine-tuned without its fold of the training dialogues (the TextCNN's fold assignment, dealt with <see cref="EffectiveSeed"/>);
    /// validation, test and prediction vectors come from the encoder fine-tuned on the whole training split, the only one kept.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Folds { get; init; }
    /// <summary>Cross-fitted only: validation, test and prediction vectors are the mean of the K fold encoders' vectors (unit
    /// norm) instead of the full-split encoder's, and no full-split encoder is fine-tuned (K fine-tunings, not K + 1); the model
    /// file carries the K fold encoders and prediction runs each. The training vectors stay cross-fitted. Not part of the
    /// feature-cache key: both variants of one cross-fitting share its entry (docs/text-features.md).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FoldAverage { get; init; }
    /// <summary>Freeze the embeddings and the lowest N transformer layers (0 = train every layer, the default): their
    /// parameters get no gradient and keep the package's values, and the backward pass stops at layer N, so a step costs
    /// less (docs/benchmarks.md, <c>encoder-epoch</c>). At most the model's layer count (6 for MiniLM), checked when fine-tuning.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int FreezeLayers { get; init; }
    /// <summary>Length bucketing of the fine-tuning batches: the epoch's shuffled utterances are taken in chunks of this
    /// many batches, each chunk sorted by length and cut into batches (padded to their own longest), and the batches'
    /// order is shuffled; 1 = no sorting (batches of shuffled utterances). Null = <see cref="DefaultBucketBatches"/>;
    /// null is not written to config.json.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BucketBatches { get; init; }
    public const int DefaultBucketBatches = 16;
    /// <summary>The bucketing in force: <see cref="BucketBatches"/>, else <see cref="DefaultBucketBatches"/>.</summary>
    [JsonIgnore]
    public int EffectiveBucketBatches => BucketBatches ?? DefaultBucketBatches;
    /// <summary>Seeds the head's initialisation, the shuffling and dropout; null = the run's <c>--seed</c>
    /// (<see cref="ForRun"/>), so the seeds of an experiment fine-tune different encoders.</summary>
    public int? Seed { get; init; }

    /// <summary>These options with <see cref="Seed"/> resolved: its own value, else the run's seed.</summary>
    public BertFineTuneOptions ForRun(int runSeed) => Seed is null ? this with { Seed = runSeed } : this;

    /// <summary>These options with <see cref="ClassWeighted"/> resolved: its own value, else <paramref name="runClassWeighted"/>
    /// (whether the run's SURE loss is class-weighted for this data, <c>ClassWeights.Enabled</c>).</summary>
    public BertFineTuneOptions ForClassWeighting(bool runClassWeighted) => ClassWeighted is null ? this with { ClassWeighted = runClassWeighted } : this;

    /// <summary>These options for a model whose context is causal or not: the EmoBERTa layout of a causal model reads the
    /// past only (a causal model must not see later turns through its text vectors).</summary>
    public BertFineTuneOptions ForModel(bool causal) => causal && Input == EmoBertaInput && !PastOnly ? this with { PastOnly = true } : this;

    /// <summary>Whether the training split's vectors are cross-fitted (<see cref="Folds"/> ≥ 2 and some fine-tuning).</summary>
    [JsonIgnore]
    public bool CrossFitted => Folds >= 2 && Epochs > 0;

    /// <summary>Whether validation, test and prediction vectors are the fold average (<see cref="FoldAverage"/> on a
    /// cross-fitted fine-tuning).</summary>
    [JsonIgnore]
    public bool AveragesFolds => CrossFitted && FoldAverage;

    /// <summary>The seed in force (1 when neither the options nor a run gave one).</summary>
    public int EffectiveSeed => Seed ?? 1;

    public BertFineTuneOptions Validate()
    {
        static void Require(bool ok, string what, object value)
        {
            if (!ok) throw new Errors.SureUserException($"{what} (got {value}).");
        }
        Require(Epochs >= 0, $"{Sure.Errors.Setting.Name("encoder.epochs")} must be ≥ 0", Epochs);
        Require(Lr > 0 && Lr < 1, $"{Sure.Errors.Setting.Name("encoder.lr")} must be in (0, 1)", Lr);
        Require(BatchSize >= 1, $"{Sure.Errors.Setting.Name("encoder.batchSize")} must be ≥ 1", BatchSize);
        Require(MaxTokens >= 3 && MaxTokens <= 512, $"{Sure.Errors.Setting.Name("encoder.maxTokens")} must be in [3, 512]", MaxTokens);
        Require(Context is >= 0 and <= 64, $"{Sure.Errors.Setting.Name("encoder.context")} must be in [0, 64] turns", Context);
        Require(Input is null or UtteranceInput or EmoBertaInput, $"{Sure.Errors.Setting.Name("encoder.input")} must be {UtteranceInput} or {EmoBertaInput}", InputLayout);
        Require(Input != EmoBertaInput || MaxTokens >= 8, $"{Sure.Errors.Setting.Name("encoder.maxTokens")} must be ≥ 8 with the EmoBERTa layout", MaxTokens);
        Require(!PastOnly || Input == EmoBertaInput, $"{Sure.Errors.Setting.Name("encoder.pastOnly")} needs {Sure.Errors.Setting.Name("encoder.input")} {EmoBertaInput}", PastOnly);
        Require(Folds >= 0, $"{Sure.Errors.Setting.Name("encoder.folds")} must be ≥ 0 (0 or 1 = no cross-fitting)", Folds);
        Require(!FoldAverage || Folds >= 2, $"{Sure.Errors.Setting.Name("encoder.foldAverage")} needs {Sure.Errors.Setting.Name("encoder.folds")} 2 or more", Folds);
        Require(FreezeLayers >= 0, $"{Sure.Errors.Setting.Name("encoder.freezeLayers")} must be ≥ 0 (0 = train every layer)", FreezeLayers);
        Require(EffectiveBucketBatches is >= 1 and <= 100_000, $"{Sure.Errors.Setting.Name("encoder.bucketBatches")} must be in [1, 100000] batches (1 = no length sorting)", EffectiveBucketBatches);
        Require(Patience >= 0, $"{Sure.Errors.Setting.Name("encoder.patience")} must be ≥ 0 (0 = never stop early)", Patience);
        Require(WarmupFraction is >= 0 and < 1, "the encoder's warm-up fraction must be in [0, 1)", WarmupFraction);
        Require(WeightDecay >= 0, "the encoder's weight decay must be ≥ 0", WeightDecay);
        Require(GradClip >= 0, "the encoder's gradient clipping must be ≥ 0", GradClip);
        return this;
    }

    /// <summary>The learning rate of step <paramref name="step"/> (0-based) of <paramref name="total"/>: linear warm-up
    /// over the first <see cref="WarmupFraction"/> of the steps, then linear decay to 0.</summary>
    public double LearningRate(int step, int total)
    {
        int warm = (int)Math.Ceiling(WarmupFraction * total);
        if (step < warm) return Lr * (step + 1) / warm;
        return Lr * Math.Max(0, total - step) / Math.Max(1, total - warm);
    }

    /// <summary>A canonical text of every setting; the feature-cache key holds it without <see cref="FoldAverage"/>, with
    /// <see cref="ClassWeighted"/> resolved ("True"/"False"; "run" while it still follows the run's class weighting).</summary>
    public string CanonicalString() => string.Create(CultureInfo.InvariantCulture,
        $"epochs={Epochs};lr={Lr:R};batch={BatchSize};maxTokens={MaxTokens};patience={Patience};warmup={WarmupFraction:R};wd={WeightDecay:R};clip={GradClip:R};classWeighted={(ClassWeighted is { } cw ? cw.ToString() : "run")};seed={EffectiveSeed}{(Context > 0 ? $";context={Context}" : "")}{(CrossFitted ? $";folds={Folds}{(AveragesFolds ? ";foldAverage" : "")}" : "")}{(Input == EmoBertaInput ? $";input={Input}{(PastOnly ? "-past" : "")}" : "")}{(FreezeWordEmbeddings ? ";wordEmbeddings=frozen" : "")}{(FreezeLayers > 0 ? $";freezeLayers={FreezeLayers}" : "")}{(EffectiveBucketBatches != DefaultBucketBatches ? $";bucket={EffectiveBucketBatches}" : "")}");
}
