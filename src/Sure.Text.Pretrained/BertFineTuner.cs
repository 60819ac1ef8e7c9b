using System.Diagnostics;
using Sure.Data;
using Sure.Errors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Sure.Tensors;

namespace Sure.Text.Bert;

/// <summary>
/// Fine-tunes a packaged BERT as the paper's §2.2 does with RoBERTa: the TorchSharp <see cref="BertModel"/> (weights from
/// the package's ONNX file) plus a linear head on its pooled output (the model's own pooling: mean for MiniLM, [CLS] for
/// Arctic), utterance-level emotion classification on the TRAINING split only, class-weighted cross-entropy, AdamW
/// (<see cref="Training.InPlaceAdamW"/>) with linear warm-up and linear decay, gradient clipping, early stopping on the
/// validation split's weighted F1 keeping the best epoch (<see cref="BertFineTuneOptions"/>). Then every utterance of
/// every split gets the fine-tuned encoder's unit-norm pooled vector. Training-split features therefore come from a model
/// that saw those utterances (in-sample), unless cross-fitted (<see cref="BertFineTuneOptions.Folds"/>: docs/text-features.md). Deterministic under
/// <see cref="BertFineTuneOptions.Seed"/> and a fixed thread count: the shuffling has its own generator; the head's
/// initialisation and dropout draw from libtorch's global generator, which <see cref="Extract"/> seeds (<see cref="Training.GlobalGenerator"/>).
/// </summary>
public sealed class BertFineTuner
{
    private readonly PretrainedTextModel _model;
    private readonly BertFineTuneOptions _options;
    private readonly Action<TextCnnProgress>? _progress;

    public BertFineTuner(PretrainedTextModel model, BertFineTuneOptions options, Action<TextCnnProgress>? progress = null)
    {
        _model = model;
        _options = options.Validate();
        _progress = progress;
    }

    /// <summary>What the last <see cref="Extract"/> did: epochs, time, and the encoder + head's own utterance-level scores.</summary>
    public FineTuningReport LastReport { get; private set; } = new();

    /// <summary>The mean training loss of every epoch of the last <see cref="Extract"/>, in order.</summary>
    public IReadOnlyList<double> LastEpochLosses => _epochLosses;
    private readonly List<double> _epochLosses = [];

    /// <summary>Utterances cut to <see cref="BertFineTuneOptions.MaxTokens"/> in the last <see cref="Extract"/>.</summary>
    public int LastTruncated { get; private set; }

    /// <summary>The fine-tuned encoder of the last <see cref="Extract"/>, to make features for new text the same way.</summary>
    public FineTunedBert? LastFrontEnd { get; private set; }

    /// <summary>Where each utterance's vector of the last <see cref="Extract"/> came from, [dialogue][utterance]: −1 the
    /// encoder fine-tuned on the whole training split, k ≥ 0 the cross-fitting encoder of fold k (<see cref="BertFineTuneOptions.Folds"/>).</summary>
    public int[][] LastSources { get; private set; } = [];

    /// <summary>Cross-fitted only (else null): every vector as <see cref="Extract"/> returned it, except those the
    /// full-split encoder made (validation, test, unlabelled): there, the mean of the K fold encoders' vectors, unit norm
    /// (<see cref="FineTunedBert.NormalisedMean"/>). The other way to encode what no fold saw (issue 24, "full-split encoder
    /// or fold average: measure which"); with <see cref="BertFineTuneOptions.FoldAverage"/> it is what <see cref="Extract"/> returns.</summary>
    public float[][][]? LastFoldAverage { get; private set; }

    /// <summary>Cross-fitted only (else null): the K fold encoders of the last <see cref="Extract"/>, fold 1 first, each
    /// with its own report; what a fold-average model carries.</summary>
    public IReadOnlyList<FineTunedBert>? LastFoldEncoders { get; private set; }

    /// <summary>The dialogues (indices) whose utterances each encoder of the last <see cref="Extract"/> was fine-tuned on:
    /// key −1 the full-split encoder, k the encoder of fold k.</summary>
    public IReadOnlyDictionary<int, IReadOnlySet<int>> LastTrainedOn => _trainedOn;
    private readonly Dictionary<int, IReadOnlySet<int>> _trainedOn = [];

    /// <summary>Fine-tunes, then returns the features, [dialogue][utterance] → unit-norm float[Dim]; the dataset is not changed.
    /// Cross-fitted (<see cref="BertFineTuneOptions.CrossFitted"/>): the training split's vectors come from K further encoders,
    /// each fine-tuned without the fold of training dialogues it encodes; every other vector from the full-split encoder.</summary>
    /// <param name="onnx">the package's model bytes when the caller has them; null reads them.</param>
    /// <param name="fullSplit">cross-fitted only: the encoder these options fine-tune on the whole training split, made
    /// earlier without folds (the in-sample cache entry's). It encodes the non-training utterances instead of a new
    /// fine-tuning, which gives the same weights; only the K fold encoders are fine-tuned. Ignored without folds.</param>
    public float[][][] Extract(ConversationDataset dataset, byte[]? onnx = null, FineTunedBert? fullSplit = null)
    {
        var run = Prepare(dataset);
        var o = _options;
        onnx ??= _model.ReadOnnx();
        var folds = o.CrossFitted ? TextTraining.FoldOf(dataset, o.Folds, o.EffectiveSeed, "text encoder") : null;
        var result = dataset.Dialogues.Select(d => new float[d.Utterances.Count][]).ToArray();
        LastSources = dataset.Dialogues.Select(d => new int[d.Utterances.Count]).ToArray();
        _trainedOn.Clear();
        LastFoldAverage = null;
        LastFoldEncoders = null;
        LastFrontEnd = null;

        // the encoder of the whole training split: every vector without folds, the non-training ones with folds (none
        // with the fold average: the fold encoders encode those)
        var others = folds is null ? run.All : run.All.Where(x => folds[x.D] < 0).ToList();
        bool averageOnly = o.AveragesFolds;
        _stage = folds is null ? "" : "full training split: ";
        if (!averageOnly)
            LastFrontEnd = folds is not null && fullSplit?.Report is not null
                ? EncodeWith(fullSplit, run, run.Train, others, result)
                : FitAndEncode(run, run.Train, others, onnx, -1, result);
        var full = LastReport;
        LastTruncated = run.All.Count(x => run.Tokens[x.D][x.U].Truncated);
        if (folds is not null)
        {
            var foldVectors = new List<float[][]>(o.Folds);
            var foldEncoders = new List<FineTunedBert>(o.Folds);
            for (int k = 0; k < o.Folds; k++)
            {
                _stage = $"fold {k + 1}/{o.Folds}: ";
                var fit = run.Train.Where(x => folds[x.D] != k).ToList();
                if (fit.Count == 0)
                    throw new SureDataException($"text encoder cross-fitting: fold {k + 1} of {o.Folds} leaves no labelled training utterance to fine-tune on.", dataset.Source);
                // the fold encoder also encodes what the full-split encoder did, for the fold average (a separate call,
                // so that the cross-fitted vectors are the same with or without it)
                foldEncoders.Add(FitAndEncode(run, fit, run.All.Where(x => folds[x.D] == k).ToList(), onnx, k, result,
                    foldEncoder => foldVectors.Add(foldEncoder.Encode(others.Select(x => run.Tokens[x.D][x.U]).ToList()).Vectors)));
            }
            LastFoldEncoders = foldEncoders;
            LastFoldAverage = result.Select(d => d.ToArray()).ToArray();
            for (int i = 0; i < others.Count; i++)
                LastFoldAverage[others[i].D][others[i].U] = FineTunedBert.NormalisedMean([.. foldVectors.Select(v => v[i])]);
            _stage = "";
            if (averageOnly) return LastFoldAverage;
            LastReport = full with { Folds = o.Folds };
            LastFrontEnd = new FineTunedBert(_model, o.MaxTokens, LastFrontEnd!.Weights, o.Context, LastReport, o.InputLayout, o.PastOnly);
        }
        return result;
    }

    /// <summary>Fine-tunes an encoder on the training split and discards it, making no vectors: for timing the epochs
    /// (<c>bench encoder-epoch</c>). Returns <see cref="LastReport"/>.</summary>
    internal FineTuningReport FineTuneOnly(ConversationDataset dataset, byte[]? onnx = null)
    {
        var run = Prepare(dataset);
        Training.GlobalGenerator.Seed(_options.EffectiveSeed);
        using var bert = _model.CreateTorchModel(onnx ?? _model.ReadOnnx());
        using var head = nn.Linear(_model.Dim, run.Classes);
        Train(bert, head, run, run.Train);
        return LastReport;
    }

    /// <summary>Fine-tunes a fresh encoder on <paramref name="fit"/>, writes the vectors of <paramref name="encode"/> into
    /// <paramref name="result"/> (source <paramref name="source"/>), hands the fine-tuned encoder to <paramref name="alsoWith"/>
    /// when given, and returns the encoder.</summary>
    private FineTunedBert FitAndEncode(Prepared run, List<(int D, int U)> fit, List<(int D, int U)> encode, byte[] onnx, int source, float[][][] result,
        Action<TorchSentenceEncoder>? alsoWith = null)
    {
        Training.GlobalGenerator.Seed(_options.EffectiveSeed);
        var bert = _model.CreateTorchModel(onnx);
        using var encoder = new TorchSentenceEncoder(_model, run.Tokenizer, bert);
        using (var head = nn.Linear(_model.Dim, run.Classes))
            Train(bert, head, run, fit);
        bert.eval();
        Encode(encoder, run, fit, encode, source, result);
        alsoWith?.Invoke(encoder);
        return new FineTunedBert(_model, _options.MaxTokens, IO.TensorData.FromModule(bert), _options.Context, LastReport, _options.InputLayout, _options.PastOnly);
    }

    /// <summary>The full-split encoder made earlier (<paramref name="encoder"/>, fine-tuned on <paramref name="fit"/>, with its
    /// report) writes the vectors of <paramref name="encode"/> as <see cref="FitAndEncode"/> would after fine-tuning it again.</summary>
    private FineTunedBert EncodeWith(FineTunedBert encoder, Prepared run, List<(int D, int U)> fit, List<(int D, int U)> encode, float[][][] result)
    {
        if (encoder.Base.Key != _model.Key || encoder.MaxTokens != _options.MaxTokens || encoder.Input != _options.InputLayout
            || encoder.PastOnly != _options.PastOnly || encoder.Context != _options.Context)
            throw new ArgumentException("the full-split encoder was made with other settings", nameof(encoder));
        using (var torchEncoder = new TorchSentenceEncoder(_model, run.Tokenizer, encoder.CreateTorchModel("the full-split encoder")))
            Encode(torchEncoder, run, fit, encode, -1, result);
        LastReport = encoder.Report!;
        return encoder;
    }

    /// <summary>Writes <paramref name="encoder"/>'s vectors of <paramref name="encode"/> into <paramref name="result"/>, records
    /// them as coming from <paramref name="source"/>, and that source as fine-tuned on the dialogues of <paramref name="fit"/>.</summary>
    private void Encode(TorchSentenceEncoder encoder, Prepared run, List<(int D, int U)> fit, List<(int D, int U)> encode, int source, float[][][] result)
    {
        _trainedOn[source] = fit.Select(x => x.D).ToHashSet();
        var vectors = encoder.Encode(encode.Select(x => run.Tokens[x.D][x.U]).ToList()).Vectors;
        for (int i = 0; i < encode.Count; i++)
        {
            result[encode[i].D][encode[i].U] = vectors[i];
            LastSources[encode[i].D][encode[i].U] = source;
        }
    }

    private string _stage = "";

    /// <summary>The tokens of every utterance, and the labelled ones of train/valid/test.</summary>
    private sealed record Prepared(ConversationDataset Dataset, BertTextTokenizer Tokenizer, BertTokens[][] Tokens, int Classes,
        List<(int D, int U)> All, List<(int D, int U)> Train, List<(int D, int U)> Valid, List<(int D, int U)> Test)
    {
        public int Label((int D, int U) x) => Dataset.Dialogues[x.D].Utterances[x.U].Label;
    }

    private Prepared Prepare(ConversationDataset dataset)
    {
        var tokenizer = _model.CreateTokenizer(_options.MaxTokens);
        var (all, train, valid, test) = TextTraining.Splits(dataset);
        var tokens = dataset.Dialogues.Select(d => BertContextInput.Encode(tokenizer, d.Utterances.Select(u => (u.Speaker, u.Text)).ToList(), _options.Context, _options.InputLayout, _options.PastOnly)).ToArray();
        if (_options.Epochs > 0 && train.Count == 0)
            throw new SureDataException("no labelled utterance in the training split to fine-tune the text encoder on.", dataset.Source);
        return new Prepared(dataset, tokenizer, tokens, Math.Max(1, dataset.ClassCount), all, train, valid, test);
    }

    /// <summary>Pooled (not normalised) sentence states [B, H] of a batch, the model's own pooling.</summary>
    private Tensor Pooled(BertModel bert, Prepared run, IReadOnlyList<(int D, int U)> items)
    {
        var batch = new BertBatch(items.Select(x => run.Tokens[x.D][x.U]).ToArray(), run.Tokenizer.PadId);
        var ids = tensor(batch.Ids, [batch.Count, batch.Length]);
        var mask = tensor(batch.Mask, [batch.Count, batch.Length]);
        var h = bert.call(ids, mask);
        if (_model.Pooling == SentencePoolingMode.Cls) return h.select(1, 0);
        var m = tensor(batch.PoolMask, [batch.Count, batch.Length]).to_type(h.dtype).unsqueeze(2);
        return (h * m).sum(1) / m.sum(1).clamp_min(Scalars.OneDouble);
    }

    private void Train(BertModel bert, Linear head, Prepared run, List<(int D, int U)> fit)
    {
        var o = _options;
        LastReport = new FineTuningReport { Context = o.Context, Threads = get_num_threads(), FreezeLayers = o.FreezeLayers, BucketBatches = o.EffectiveBucketBatches };
        _epochLosses.Clear();
        if (o.Epochs == 0) return;
        using var weight = ClassWeights(run, fit);
        if (o.FreezeWordEmbeddings) bert.get_parameter("embeddings.word_embeddings.weight")!.requires_grad = false;
        Freeze(bert, o.FreezeLayers);
        var parameters = bert.parameters().Concat(head.parameters()).Where(p => p.requires_grad).ToArray();
        using var optimizer = new Training.InPlaceAdamW(parameters, o.Lr, o.WeightDecay);
        using var dropout = nn.Dropout(bert.Config.Dropout);
        var rng = new Random(o.EffectiveSeed);
        var order = fit.ToArray();
        int steps = (order.Length + o.BatchSize - 1) / o.BatchSize, total = o.Epochs * steps;

        long realTokens = 0, paddedTokens = 0;
        double lastLoss = double.NaN, seconds = 0;
        int epoch;
        using var best = new BestEpoch(o.Patience);
        for (epoch = 1; epoch <= o.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            bert.train();
            head.train();
            dropout.train();
            var batches = EpochBatches(order, x => run.Tokens[x.D][x.U].Ids.Length, o.BatchSize, o.EffectiveBucketBatches, rng);
            double lossSum = 0;
            for (int s = 0; s < steps; s++)
            {
                using var scope = NewDisposeScope();
                var batch = batches[s];
                int longest = batch.Max(x => run.Tokens[x.D][x.U].Ids.Length);
                realTokens += batch.Sum(x => run.Tokens[x.D][x.U].Ids.Length);
                paddedTokens += (long)longest * batch.Length;
                var labels = tensor(batch.Select(x => (long)run.Label(x)).ToArray(), ScalarType.Int64);
                var logits = head.call(dropout.call(Pooled(bert, run, batch)));
                var loss = nn.functional.cross_entropy(logits, labels, weight);
                optimizer.ZeroGrad();
                loss.backward();
                if (o.GradClip > 0) nn.utils.clip_grad_norm_(parameters, o.GradClip);
                optimizer.Lr = o.LearningRate((epoch - 1) * steps + s, total);
                optimizer.Step();
                lossSum += loss.item<float>();
                _progress?.Invoke(new("train", (epoch - 1) * steps + s + 1, total, $"{_stage}{_model.Key} fine-tuning epoch {epoch}/{o.Epochs}, batch {s + 1}/{steps}"));
            }
            seconds += clock.Elapsed.TotalSeconds;
            lastLoss = lossSum / steps;
            _epochLosses.Add(lastLoss);
            string msg = $"{_stage}{_model.Key} fine-tuning epoch {epoch}/{o.Epochs}: train loss {lastLoss:F4} ({clock.Elapsed.TotalSeconds:F0} s)";
            if (run.Valid.Count > 0)
            {
                double f1 = Scores(bert, head, run, run.Valid).WeightedF1 / 100;
                msg += $", valid weighted F1 {f1:F4}";
                if (best.Observe(epoch, f1, Named(bert, head)))
                {
                    _progress?.Invoke(new("train", total, total, msg + $"; early stop (best epoch {best.Epoch})", IsSummary: true));
                    break;
                }
            }
            _progress?.Invoke(new("train", epoch * steps, total, msg, IsSummary: true));
        }
        best.Restore(Named(bert, head));
        int ran = Math.Min(epoch, o.Epochs);
        LastReport = LastReport with
        {
            EpochsRun = ran, BestEpoch = run.Valid.Count > 0 ? best.Epoch : ran, SecondsPerEpoch = Math.Round(seconds / Math.Max(1, ran), 1),
            TrainUtterancesPerSecond = Math.Round(ran * order.Length / Math.Max(seconds, 1e-9), 1),
            PaddingShare = paddedTokens == 0 ? 0 : Math.Round(1 - (double)realTokens / paddedTokens, 4),
            Valid = run.Valid.Count > 0 ? Scores(bert, head, run, run.Valid) : null,
            Test = run.Test.Count > 0 ? Scores(bert, head, run, run.Test) : null,
        };
        if (_progress is not null && LastReport.Test is { } test)
            _progress(new("train", 1, 1, $"{_stage}{_model.Key} fine-tuned, kept epoch {LastReport.BestEpoch}: the encoder alone, utterance level: test accuracy {test.Accuracy:F2}, weighted F1 {test.WeightedF1:F2} (reported only; it chooses nothing)", IsSummary: true));
    }

    /// <summary>One epoch's mini-batches: <paramref name="order"/> shuffled in place with <paramref name="rng"/>, then cut
    /// into length-bucketed batches (<see cref="TextTraining.Batches"/>: chunks of <paramref name="bucketBatches"/> batches
    /// sorted by length, 1 = unsorted) in shuffled order. Every item is in exactly one batch; the same generator state gives
    /// the same batches.</summary>
    internal static List<(int D, int U)[]> EpochBatches((int D, int U)[] order, Func<(int D, int U), int> length, int batchSize, int bucketBatches, Random rng)
    {
        rng.Shuffle(order);
        return TextTraining.Batches(order, length, batchSize, rng, bucketBatches);
    }

    /// <summary>Freezes the embeddings and the lowest <paramref name="layers"/> transformer layers of <paramref name="bert"/>
    /// (<c>requires_grad</c> false: no gradient, no update, and no backward pass below layer <paramref name="layers"/>);
    /// 0 changes nothing. Returns the names of the parameters it froze. More layers than the model has is a user error.</summary>
    public static IReadOnlyList<string> Freeze(BertModel bert, int layers)
    {
        if (layers <= 0) return [];
        if (layers > bert.Config.Layers)
            throw new SureUserException($"{Setting.Name("encoder.freezeLayers")} is {layers}, but the encoder has {bert.Config.Layers} layers (0 to {bert.Config.Layers}).");
        var frozen = new List<string>();
        foreach (var (name, p) in bert.named_parameters())
        {
            bool lower = name.StartsWith("embeddings.", StringComparison.Ordinal)
                || (name.StartsWith("encoder.layer.", StringComparison.Ordinal)
                    && int.Parse(name.AsSpan("encoder.layer.".Length, name.IndexOf('.', "encoder.layer.".Length) - "encoder.layer.".Length), System.Globalization.CultureInfo.InvariantCulture) < layers);
            if (!lower) continue;
            p.requires_grad = false;
            frozen.Add(name);
        }
        return frozen;
    }

    /// <summary>Utterance-level accuracy and weighted F1 (percent) of the encoder + head on <paramref name="items"/> (evaluation mode).</summary>
    private UtteranceScores Scores(BertModel bert, Linear head, Prepared run, List<(int D, int U)> items)
    {
        bert.eval();
        head.eval();
        var sorted = items.OrderBy(x => run.Tokens[x.D][x.U].Ids.Length).ToList();
        var pred = new int[sorted.Count];
        using var noGrad = no_grad();
        for (int s = 0; s < sorted.Count; s += 64)
        {
            using var scope = NewDisposeScope();
            var batch = sorted.GetRange(s, Math.Min(64, sorted.Count - s));
            var p = head.call(Pooled(bert, run, batch)).argmax(1).data<long>().ToArray();
            for (int i = 0; i < p.Length; i++) pred[s + i] = (int)p[i];
        }
        var gold = sorted.Select(run.Label).ToArray();
        double accuracy = gold.Length == 0 ? 0 : pred.Zip(gold).Count(x => x.First == x.Second) / (double)gold.Length;
        double f1 = TextCnnFeatureExtractor.WeightedF1(pred, gold, run.Dataset.ClassCount);
        return new UtteranceScores(Math.Round(100 * accuracy, 2), Math.Round(100 * f1, 2));
    }

    /// <summary>Inverse-frequency weights n / (C · n_c) over the utterances fine-tuned on (0 for absent classes); null when off.
    /// Options no run resolved (<see cref="BertFineTuneOptions.ForClassWeighting"/>) follow the data's automatic weighting, as
    /// <see cref="FineTunedTextFeatures"/> resolves them for its cache key.</summary>
    private Tensor? ClassWeights(Prepared run, List<(int D, int U)> fit)
    {
        if (!(_options.ClassWeighted ?? Training.ClassWeights.Enabled(Configuration.ClassWeighting.Auto, run.Dataset))) return null;
        var counts = new int[run.Classes];
        foreach (var x in fit) counts[run.Label(x)]++;
        return tensor(counts.Select(n => n == 0 ? 0f : (float)fit.Count / (run.Classes * n)).ToArray(), ScalarType.Float32);
    }

    private static IEnumerable<(string Name, Parameter P)> Named(BertModel bert, Linear head) =>
        bert.named_parameters().Select(p => ("bert." + p.name, p.parameter)).Concat(head.named_parameters().Select(p => ("head." + p.name, p.parameter)));



}
