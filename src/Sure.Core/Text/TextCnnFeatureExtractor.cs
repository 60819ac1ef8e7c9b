using Sure.Data;
using Sure.Errors;
using TorchSharp;
using TorchSharp.Modules;
using Sure.Configuration;
using static TorchSharp.torch;

namespace Sure.Text;

/// <summary>
/// Pre-trains a <see cref="TextCnn"/> on the TRAINING split only (utterance-level emotion classification,
/// class-weighted cross-entropy, AdamW, <see cref="TextCnnOptions.Epochs"/> epochs, early stopping on the weighted F1
/// of the validation split when there is one, keeping the best epoch), then freezes it and exports one feature vector
/// per utterance of every split. With <see cref="TextCnnOptions.Folds"/> K ≥ 2 the training split's features are
/// cross-fitted instead: K more TextCNNs, each trained on K − 1 folds of the training dialogues, give the features of
/// the fold they did not see. Deterministic under <see cref="TextCnnOptions.Seed"/> (shuffling, initialisation and
/// dropout use their own seeded generators). Runs on the CPU unless a device is given.
/// </summary>
public sealed class TextCnnFeatureExtractor
{
    private readonly TextCnnOptions _options;
    private readonly Action<TextCnnProgress>? _progress;
    private readonly Device _device;

    public TextCnnFeatureExtractor(TextCnnOptions options, Action<TextCnnProgress>? progress = null, Device? device = null)
    {
        _options = options.Validate();
        _progress = progress;
        _device = device ?? CPU;
    }

    /// <summary>Summary of the last <see cref="Extract"/>: epochs run, best epoch, and the validation weighted F1 (NaN without validation split).</summary>
    public (int EpochsRun, int BestEpoch, double BestValidF1, double LastTrainLoss) LastTraining { get; private set; }

    /// <summary>The text front end of the last <see cref="Extract"/>: the TextCNN(s) that made the features of the
    /// utterances outside the training split, to make features for new text the same way.</summary>
    public TextCnnFrontEnd? LastFrontEnd { get; private set; }

    /// <summary>Trains, then writes the features into <see cref="Utterance.Features"/>[Text] of every utterance.</summary>
    public void Run(ConversationDataset dataset, WordVectors vectors)
    {
        TextTraining.AssignText(dataset, Extract(dataset, vectors));
    }

    /// <summary>
    /// Trains one TextCNN on the whole training split (the model that gives the valid/test features) and returns it, for
    /// the end-to-end encoder's warm start (<see cref="GloveUtteranceEncoder.InitializeFrom"/>), over
    /// <paramref name="vocabulary"/> (the encoder's: <see cref="Vocabulary.Build"/> of the same dataset and vectors).
    /// The caller disposes it.
    /// </summary>
    public TextCnn Pretrain(ConversationDataset dataset, WordVectors vectors, Vocabulary vocabulary)
    {
        var run = Prepare(dataset, vectors, vocabulary);
        _stage = "";
        return TrainOn(run, run.Train);
    }

    /// <summary>Trains and returns the features, [dialogue][utterance] → float[ExportSize]; the dataset is not changed.</summary>
    public float[][][] Extract(ConversationDataset dataset, WordVectors vectors)
    {
        var o = _options;
        var run = Prepare(dataset, vectors, Vocabulary.Build(dataset, vectors, o.MaxTokens));
        var result = dataset.Dialogues.Select(d => new float[d.Utterances.Count][]).ToArray();
        bool crossFit = o.Folds >= 2 && o.Epochs > 0;
        bool logProbs = o.Export == TextCnnOptions.LogProbsExport;
        var folds = crossFit ? TextTraining.FoldOf(dataset, o.Folds, o.Seed, "TextCNN") : null;
        var others = folds is null ? run.All : run.All.Where(x => folds[x.D] < 0).ToList();

        // The TextCNN of the whole training split. Its features: every utterance without folds; valid/test with folds
        // and hidden features; none with folds and log-probs (valid/test then come from the fold models, below), where
        // it is trained only for LastTraining and the log.
        _stage = crossFit ? "full training split: " : "";
        var frontEnd = new List<IReadOnlyList<IO.TensorData>>();
        using (var model = TrainOn(run, run.Train))
            if (!(crossFit && logProbs))
            {
                Export(model, run.Encoded, others, result);
                frontEnd.Add(IO.TensorData.FromModule(model));
            }
        var full = LastTraining;
        if (folds is not null)
        {
            // cross-fitting: each training dialogue's features from a TextCNN that never saw it
            var probSum = logProbs ? others.ToDictionary(x => x, _ => new double[run.Classes]) : null;
            var scratch = dataset.Dialogues.Select(d => new float[d.Utterances.Count][]).ToArray();
            for (int k = 0; k < o.Folds; k++)
            {
                _stage = $"fold {k + 1}/{o.Folds}: ";
                var fit = run.Train.Where(x => folds[x.D] != k).ToList();
                if (fit.Count == 0)
                    throw new SureDataException($"TextCNN cross-fitting: fold {k + 1} of {o.Folds} leaves no labelled training utterance to train on.", dataset.Source);
                using var model = TrainOn(run, fit);
                Export(model, run.Encoded, run.All.Where(x => folds[x.D] == k).ToList(), result);
                if (probSum is null) continue;
                Export(model, run.Encoded, others, scratch);
                frontEnd.Add(IO.TensorData.FromModule(model));
                foreach (var x in others)
                    for (int c = 0; c < run.Classes; c++) probSum[x][c] += Math.Exp(scratch[x.D][x.U][c]);
            }
            if (probSum is not null)
                foreach (var (x, sum) in probSum)
                    result[x.D][x.U] = TextCnnFrontEnd.LogMean(sum, o.Folds);
            _stage = "";
        }
        LastTraining = full;
        LastFrontEnd = new TextCnnFrontEnd(run.Vocabulary, o, run.Dim, run.Classes, frontEnd);
        return result;
    }

    /// <summary>What every TextCNN of one extraction shares: token ids, GloVe rows, and the utterances by role.</summary>
    private sealed record Prepared(
        ConversationDataset Dataset, Vocabulary Vocabulary, int[][][] Encoded, float[] Embeddings, int Dim, int Classes,
        List<(int D, int U)> All, List<(int D, int U)> Train, List<(int D, int U)> Valid, List<(int D, int U)> Test);

    /// <summary>Encodes the dataset and sorts its utterances: all, and the labelled ones of train/valid/test; throws on an out-of-range label or an empty training split.</summary>
    private Prepared Prepare(ConversationDataset dataset, WordVectors vectors, Vocabulary vocab)
    {
        var o = _options;
        var (all, train, valid, test) = TextTraining.Splits(dataset);
        if (o.Epochs > 0 && train.Count == 0)
            throw new SureDataException("no labelled utterance in the training split to pre-train the TextCNN on.", dataset.Source);
        return new Prepared(dataset, vocab, vocab.Encode(dataset), vocab.EmbeddingMatrix(vectors, o.UnknownScale, o.Seed), vectors.Dim,
            Math.Max(1, dataset.ClassCount), all, train, valid, test);
    }

    /// <summary>A new TextCNN trained on <paramref name="fit"/> (early stopping on the validation split), in eval mode.</summary>
    private TextCnn TrainOn(Prepared run, List<(int D, int U)> fit)
    {
        var model = new TextCnn(run.Embeddings, run.Vocabulary.Count, run.Dim, run.Classes, _options);
        model.to(_device);
        Train(model, run.Dataset, run.Encoded, fit, run.Valid);
        model.eval();
        ReportTest(model, run);
        return model;
    }

    private string _stage = "";

    private void Train(TextCnn model, ConversationDataset ds, int[][][] encoded, List<(int D, int U)> train, List<(int D, int U)> valid)
    {
        var o = _options;
        LastTraining = (0, 0, double.NaN, double.NaN);
        if (o.Epochs == 0) return;

        using var weight = ClassWeights(ds, train);
        var parameters = model.parameters().Where(p => p.requires_grad).ToArray();
        using var optimizer = optim.AdamW(parameters, lr: o.Lr, weight_decay: o.WeightDecay);
        var rng = new Random(o.Seed);
        var order = train.ToArray();
        int steps = TextTraining.Batches(order, x => encoded[x.D][x.U].Length, o.BatchSize, null).Count;
        int total = o.Epochs * steps;

        int epoch = 0;
        double lastLoss = double.NaN;
        using var best = new BestEpoch(o.Patience);
        for (epoch = 1; epoch <= o.Epochs; epoch++)
        {
            model.train();
            rng.Shuffle(order);
            var batches = TextTraining.Batches(order, x => encoded[x.D][x.U].Length, o.BatchSize, rng);
            double lossSum = 0;
            for (int s = 0; s < steps; s++)
            {
                using var scope = NewDisposeScope();
                var batch = batches[s];
                var ids = Ids(encoded, batch);
                var labels = tensor(batch.Select(x => (long)ds.Dialogues[x.D].Utterances[x.U].Label).ToArray(), ScalarType.Int64, _device);
                var logits = model.Classify(model.call(ids));
                var loss = nn.functional.cross_entropy(logits, labels, weight);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>();
                _progress?.Invoke(new("train", (epoch - 1) * steps + s + 1, total, $"{_stage}TextCNN epoch {epoch}/{o.Epochs}, batch {s + 1}/{steps}"));
            }
            lastLoss = lossSum / steps;
            string msg = $"{_stage}TextCNN epoch {epoch}/{o.Epochs}: train loss {lastLoss:F4}";
            if (valid.Count > 0)
            {
                double f1 = WeightedF1(Predict(model, encoded, valid), valid.Select(x => ds.Dialogues[x.D].Utterances[x.U].Label).ToArray(), ds.ClassCount);
                msg += $", valid weighted F1 {f1:F4}";
                if (best.Observe(epoch, f1, model.named_parameters()))
                {
                    _progress?.Invoke(new("train", total, total, msg + $"; early stop (best epoch {best.Epoch})", IsSummary: true));
                    break;
                }
            }
            _progress?.Invoke(new("train", epoch * steps, total, msg, IsSummary: true));
        }
        best.Restore(model.named_parameters());
        int ran = Math.Min(epoch, o.Epochs);
        LastTraining = (ran, valid.Count > 0 ? best.Epoch : ran, valid.Count > 0 ? best.Score : double.NaN, lastLoss);
    }

    /// <summary>The kept TextCNN's own utterance-level weighted F1 on the test split, for the log only (it chooses nothing).</summary>
    private void ReportTest(TextCnn model, Prepared run)
    {
        if (_progress is null || _options.Epochs == 0 || run.Test.Count == 0) return;
        double f1 = WeightedF1(Predict(model, run.Encoded, run.Test), run.Test.Select(x => run.Dataset.Dialogues[x.D].Utterances[x.U].Label).ToArray(), run.Dataset.ClassCount);
        _progress(new("train", 1, 1, $"{_stage}TextCNN kept epoch {LastTraining.BestEpoch}: utterance-level test weighted F1 {f1:F4} (reported only; it chooses nothing)", IsSummary: true));
    }

    private void Export(TextCnn model, int[][][] encoded, List<(int D, int U)> items, float[][][] result)
    {
        bool logProbs = _options.Export == TextCnnOptions.LogProbsExport;
        int f = logProbs ? model.ClassCount : model.FeatureSize;
        int bs = Math.Max(_options.BatchSize, 128);
        int steps = (items.Count + bs - 1) / bs;
        // by length, so that batches need little padding (features do not depend on padding)
        items = items.OrderBy(x => encoded[x.D][x.U].Length).ToList();
        using var noGrad = no_grad();
        for (int s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            var batch = items.GetRange(s * bs, Math.Min(bs, items.Count - s * bs));
            var h = model.call(Ids(encoded, batch));
            if (logProbs) h = nn.functional.log_softmax(model.Classify(h), 1);
            var feats = h.cpu().data<float>().ToArray();
            for (int i = 0; i < batch.Count; i++)
                result[batch[i].D][batch[i].U] = feats.AsSpan(i * f, f).ToArray();
            _progress?.Invoke(new("export", s + 1, steps, $"{_stage}TextCNN features {Math.Min((s + 1) * bs, items.Count)}/{items.Count} utterances"));
        }
    }


    private int[] Predict(TextCnn model, int[][][] encoded, List<(int D, int U)> items)
    {
        model.eval();
        var pred = new int[items.Count];
        using var noGrad = no_grad();
        for (int s = 0; s < items.Count; s += 256)
        {
            using var scope = NewDisposeScope();
            var batch = items.GetRange(s, Math.Min(256, items.Count - s));
            var p = model.Classify(model.call(Ids(encoded, batch))).argmax(1).cpu().data<long>().ToArray();
            for (int i = 0; i < p.Length; i++) pred[s + i] = (int)p[i];
        }
        return pred;
    }

    /// <summary>[b, L] int64 ids, right-padded to the longest utterance of the batch (at least 1).</summary>
    private Tensor Ids(int[][][] encoded, IReadOnlyList<(int D, int U)> batch)
    {
        int len = 1;
        foreach (var (d, u) in batch) len = Math.Max(len, encoded[d][u].Length);
        var data = new long[batch.Count * len];
        for (int i = 0; i < batch.Count; i++)
        {
            var ids = encoded[batch[i].D][batch[i].U];
            for (int k = 0; k < ids.Length; k++) data[i * len + k] = ids[k];
        }
        return tensor(data, [batch.Count, len], ScalarType.Int64, _device);
    }

    /// <summary>Inverse-frequency weights n / (C · n_c) over the training utterances; classes absent from training get 0. Null when class weighting is off.</summary>
    private Tensor? ClassWeights(ConversationDataset ds, List<(int D, int U)> train)
    {
        if (!_options.ClassWeighted) return null;
        int c = Math.Max(1, ds.ClassCount);
        var counts = new int[c];
        foreach (var (d, u) in train) counts[ds.Dialogues[d].Utterances[u].Label]++;
        var w = counts.Select(n => n == 0 ? 0f : (float)train.Count / (c * n)).ToArray();
        return tensor(w, ScalarType.Float32, _device);
    }

    internal static double WeightedF1(int[] pred, int[] gold, int classes)
    {
        if (gold.Length == 0) return 0;
        var tp = new int[classes]; var fp = new int[classes]; var fn = new int[classes]; var support = new int[classes];
        for (int i = 0; i < gold.Length; i++)
        {
            support[gold[i]]++;
            if (pred[i] == gold[i]) tp[gold[i]]++;
            else
            {
                fn[gold[i]]++;
                if (pred[i] >= 0 && pred[i] < classes) fp[pred[i]]++;
            }
        }
        double sum = 0;
        for (int k = 0; k < classes; k++)
        {
            double denom = 2.0 * tp[k] + fp[k] + fn[k];
            sum += support[k] * (denom == 0 ? 0 : 2.0 * tp[k] / denom);
        }
        return sum / gold.Length;
    }



}
