using System.Diagnostics;
using System.Globalization;
using Sure.Errors;
using Sure.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Audio.LogMel;

/// <summary>
/// Trains the log-mel CNN on the TRAINING split only and gives every clip a vector. With
/// <see cref="LogMelOptions.Folds"/> K ≥ 2 (cross-fitting) the training groups (dialogues) are dealt into K folds
/// (shuffled with the seed, round-robin; a group is never split) and fold k's clips get their vectors from a model
/// trained on the other K − 1 folds, so no training clip's vector comes from a model that saw it. The other clips
/// (validation, test, unlabelled outside training) get the log of the K fold models' mean class probabilities
/// (<see cref="LogMelOptions.TestFrom"/> = folds), or the output of one more model trained on the whole training split
/// (full). Each model: AdamW (constant or cosine-decayed learning rate), optionally class-weighted cross-entropy, SpecAugment-style masking, and early stopping on
/// an inner validation split of ITS fitting set (whole groups, <see cref="LogMelOptions.InnerValid"/>; score = inner
/// UAR − 0.001 · inner loss), keeping the best epoch. Never looks at the labels of clips outside the training split.
/// Deterministic for a seed and a libtorch thread count: initialisation and dropout draw from per-model seeded
/// generators, shuffling and masking from seeded <see cref="Random"/>s; torch's global generator is not used. The caller
/// sets the thread count (<c>torch.set_num_threads</c>); this class never changes it. Runs on the CPU.
/// </summary>
public static class LogMelTrainer
{
    /// <summary>
    /// Trains and returns every clip's vector (null where the clip is null) and the encoder for new clips.
    /// </summary>
    /// <param name="clips">One 16 kHz clip per utterance; null = no audio (null vector).</param>
    /// <param name="labels">Class of each clip in [0, <paramref name="classes"/>), −1 = unlabelled (never trained on).</param>
    /// <param name="group">The dialogue (or any grouping that must not be split across folds) of each clip.</param>
    /// <param name="isTrain">Training-split membership: only these clips' labels are used.</param>
    /// <param name="classes">Number of classes (≥ 1).</param>
    /// <param name="options">Settings (validated).</param>
    /// <param name="log">Receives one line per epoch and a summary per model.</param>
    public static (float[]?[] Vectors, LogMelEncoder Encoder) FitCrossFitted(
        IReadOnlyList<AudioClip?> clips, int[] labels, int[] group, bool[] isTrain, int classes, LogMelOptions options, Action<string>? log = null)
    {
        var run = FitCore(clips, labels, group, isTrain, classes, options, log);
        return (run.Vectors, run.Encoder);
    }

    /// <summary>Everything a fit produced: the vectors, the encoder, each clip's fold (−1 outside the training split or
    /// without cross-fitting) and, when cross-fitted log-probs, the K fold models' averaged log-probs of the clips outside
    /// the training split whatever <see cref="LogMelOptions.TestFrom"/> says (to compare it with the full model).</summary>
    internal sealed record Fit(float[]?[] Vectors, LogMelEncoder Encoder, int[] Fold, float[]?[]? FoldAverage);

    internal static Fit FitCore(
        IReadOnlyList<AudioClip?> clips, int[] labels, int[] group, bool[] isTrain, int classes, LogMelOptions options, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var o = options.Validate();
        int n = clips.Count;
        if (labels.Length != n || group.Length != n || isTrain.Length != n)
            throw new ArgumentException($"clips, labels, group and isTrain must have the same length ({n}, {labels.Length}, {group.Length}, {isTrain.Length}).");
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), "at least one class is needed.");
        for (int i = 0; i < n; i++)
            if (labels[i] < -1 || labels[i] >= classes)
                throw new ArgumentOutOfRangeException(nameof(labels), $"label {labels[i]} of clip {i} is outside [-1, {classes}).");
        if (o.Threads is { } threads && torch.get_num_threads() != threads)
            log?.Invoke($"log-mel CNN: warning: options say {threads} thread(s) but libtorch runs with {torch.get_num_threads()}; results are reproducible only for a fixed thread count.");

        // spectrograms, normalised with statistics of the training clips only
        var clock = Stopwatch.StartNew();
        var analyzer = new LogMelAnalyzer(o);
        var raw = new LogMelSpec?[n];
        for (int i = 0; i < n; i++)
            if (clips[i] is { } clip)
                raw[i] = new LogMelSpec(analyzer.Compute(clip, out int frames), frames);
        var normalizer = LogMelNormalizer.Fit(o.Normalization, Enumerable.Range(0, n).Where(i => isTrain[i] && raw[i] is not null).Select(i => raw[i]!), o.Mels);
        var specs = raw.Select(s => s is null ? null : normalizer.Apply(s, o.Mels)).ToArray();
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"log-mel CNN: {specs.Count(s => s is not null)} spectrograms ({specs.Sum(s => s?.Frames ?? 0)} frames) in {clock.Elapsed.TotalSeconds:F1} s"));

        var labelled = Enumerable.Range(0, n).Where(i => isTrain[i] && specs[i] is not null && labels[i] >= 0).ToArray();
        if (o.Epochs > 0 && labelled.Length == 0)
            throw new SureDataException("no labelled training clip with audio to train the log-mel CNN on.", "log-mel CNN");
        var vectors = new float[]?[n];
        var fold = Enumerable.Repeat(-1, n).ToArray();
        var withAudio = Enumerable.Range(0, n).Where(i => specs[i] is not null).ToArray();
        var outside = o.CrossFits ? withAudio.Where(i => !isTrain[i]).ToArray() : withAudio;
        bool logProbs = o.Export == LogMelOptions.LogProbsExport;
        var models = new List<IReadOnlyList<TensorData>>();
        float[]?[]? foldAverage = null;

        if (o.CrossFits)
        {
            fold = FoldOf(group, isTrain, o.Folds, o.Seed);
            var outsideLogProbs = new List<float[][]>();
            for (int k = 0; k < o.Folds; k++)
            {
                var fit = labelled.Where(i => fold[i] != k).ToArray();
                if (o.Epochs > 0 && fit.Length == 0)
                    throw new SureDataException($"log-mel CNN cross-fitting: fold {k + 1} of {o.Folds} leaves no labelled training clip to train on.", "log-mel CNN");
                using var model = TrainOne(specs, fit, labels, group, classes, o, o.Seed + 1 + k, log, $"fold {k + 1}/{o.Folds}: ");
                var mine = withAudio.Where(i => fold[i] == k).ToArray();
                Assign(vectors, mine, LogMelBatches.Run(model, mine.Select(i => specs[i]!).ToList(), logProbs));
                if (logProbs) outsideLogProbs.Add(LogMelBatches.Run(model, outside.Select(i => specs[i]!).ToList(), true));
                if (o.AveragesFolds) models.Add(TensorData.FromModule(model));
            }
            if (logProbs && outside.Length > 0)
            {
                var average = LogMelBatches.LogMeanProbabilities(outsideLogProbs);
                foldAverage = new float[]?[n];
                Assign(foldAverage, outside, average);
                if (o.AveragesFolds) Assign(vectors, outside, average);
            }
        }
        if (!o.AveragesFolds)
        {
            using var model = TrainOne(specs, labelled, labels, group, classes, o, o.Seed, log, o.CrossFits ? "full training split: " : "");
            Assign(vectors, outside, LogMelBatches.Run(model, outside.Select(i => specs[i]!).ToList(), logProbs));
            models.Add(TensorData.FromModule(model));
        }
        log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"log-mel CNN: trained {(o.CrossFits ? o.Folds + (o.AveragesFolds ? 0 : 1) : 1)} model(s) in {clock.Elapsed.TotalSeconds:F1} s"));
        return new Fit(vectors, new LogMelEncoder(o, classes, normalizer, models), fold, foldAverage);
    }

    private static void Assign(float[]?[] vectors, int[] indices, float[][] values)
    {
        for (int j = 0; j < indices.Length; j++) vectors[indices[j]] = values[j];
    }

    /// <summary>
    /// Fold (0..K−1) of every training clip, −1 for the others: the distinct groups of the training clips, in
    /// ascending order, shuffled with <paramref name="seed"/>, then dealt round-robin; every clip of a group shares its
    /// fold. Throws when there are fewer training groups than folds.
    /// </summary>
    internal static int[] FoldOf(int[] group, bool[] isTrain, int folds, int seed)
    {
        var groups = Enumerable.Range(0, group.Length).Where(i => isTrain[i]).Select(i => group[i]).Distinct().Order().ToArray();
        if (groups.Length < folds)
            throw new SureDataException($"log-mel CNN cross-fitting needs at least {folds} training groups (one per fold); the data has {groups.Length}.", "log-mel CNN");
        new Random(seed).Shuffle(groups);
        var foldOfGroup = new Dictionary<int, int>();
        for (int g = 0; g < groups.Length; g++) foldOfGroup[groups[g]] = g % folds;
        return Enumerable.Range(0, group.Length).Select(i => isTrain[i] ? foldOfGroup[group[i]] : -1).ToArray();
    }

    /// <summary>A new CNN trained on <paramref name="fit"/> (less its inner validation groups), in eval mode, holding its best epoch.</summary>
    internal static LogMelCnn TrainOne(LogMelSpec?[] specs, int[] fit, int[] labels, int[] group, int classes, LogMelOptions o, int seed, Action<string>? log, string stage)
    {
        var model = new LogMelCnn(classes, o, seed);
        try
        {
            if (o.Epochs > 0) Train(model, specs, fit, labels, group, classes, o, seed, log, stage);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static void Train(LogMelCnn model, LogMelSpec?[] specs, int[] fit, int[] labels, int[] group, int classes, LogMelOptions o, int seed, Action<string>? log, string stage)
    {
        var rng = new Random(seed);
        var (train, valid) = InnerSplit(fit, group, o.InnerValid, rng);
        var validSpecs = valid.Select(i => specs[i]!).ToList();
        var validGold = valid.Select(i => labels[i]).ToArray();
        using var weight = o.ClassWeighted ? ClassWeights(train, labels, classes) : null;
        using var optimizer = new Training.InPlaceAdamW(model.parameters(), o.Lr, o.WeightDecay);
        List<TensorData>? best = null;
        double bestScore = double.NegativeInfinity;
        int bestEpoch = 0, since = 0, epoch;
        var clock = Stopwatch.StartNew();
        double cpu0 = Cpu();
        long step = 0, totalSteps = 0;
        for (epoch = 1; epoch <= o.Epochs; epoch++)
        {
            model.train();
            double lossSum = 0;
            int steps = 0;
            var batches = Batches(train, specs, o.BatchSize, rng);
            if (epoch == 1) totalSteps = (long)batches.Count * o.Epochs;
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                if (o.Schedule == LogMelOptions.CosineSchedule)
                    optimizer.Lr = o.Lr * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(step, totalSteps) / totalSteps));
                step++;
                var items = batch.Select(i => o.Augment ? Augment(specs[i]!, o.Mels, rng) : specs[i]!).ToList();
                var (x, lengths) = LogMelBatches.Stack(items, o.Mels);
                var target = tensor(batch.Select(i => (long)labels[i]).ToArray(), ScalarType.Int64);
                var loss = nn.functional.cross_entropy(model.Classify(model.Embed(x, lengths)), target, weight);
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
                lossSum += loss.item<float>();
                steps++;
            }
            string msg = string.Create(CultureInfo.InvariantCulture, $"{stage}log-mel CNN epoch {epoch}/{o.Epochs}: train loss {lossSum / Math.Max(steps, 1):F4}");
            bool stop = false;
            if (valid.Length > 0)
            {
                var (uar, loss) = Evaluate(model, validSpecs, validGold, classes, weight);
                double score = uar - 0.001 * loss;
                msg += string.Create(CultureInfo.InvariantCulture, $", inner valid UAR {uar:F4} loss {loss:F4}");
                if (score > bestScore)
                {
                    bestScore = score;
                    bestEpoch = epoch;
                    since = 0;
                    best = TensorData.FromModule(model);
                }
                else stop = o.Patience > 0 && ++since >= o.Patience;
            }
            log?.Invoke(msg + string.Create(CultureInfo.InvariantCulture, $" ({clock.Elapsed.TotalSeconds:F1} s, {Cpu() - cpu0:F1} s CPU)") + (stop ? $"; early stop (best epoch {bestEpoch})" : ""));
            if (stop) break;
        }
        if (best is not null) TensorData.LoadInto(model, best, "log-mel CNN best epoch");
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{stage}log-mel CNN kept epoch {(best is null ? Math.Min(epoch, o.Epochs) : bestEpoch)} ({train.Length} training, {valid.Length} inner-validation clips, {clock.Elapsed.TotalSeconds:F1} s, {Cpu() - cpu0:F1} s CPU)"));
    }

    /// <summary>This process's CPU time in seconds (the log reports it beside wall time: other load on the machine does not count).</summary>
    private static double Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Holds out about <paramref name="share"/> of the groups of <paramref name="fit"/> (at least one, never all) as the inner validation split.</summary>
    private static (int[] Train, int[] Valid) InnerSplit(int[] fit, int[] group, double share, Random rng)
    {
        var groups = fit.Select(i => group[i]).Distinct().Order().ToArray();
        if (share <= 0 || groups.Length < 2) return (fit, []);
        rng.Shuffle(groups);
        int count = Math.Clamp((int)Math.Round(share * groups.Length), 1, groups.Length - 1);
        var held = groups.Take(count).ToHashSet();
        return (fit.Where(i => !held.Contains(group[i])).ToArray(), fit.Where(i => held.Contains(group[i])).ToArray());
    }

    /// <summary>
    /// One epoch's batches: the clips shuffled, then cut into chunks of 8 batches, each chunk sorted by length and sliced
    /// into batches (little padding), and the batches shuffled.
    /// </summary>
    private static List<int[]> Batches(int[] train, LogMelSpec?[] specs, int batchSize, Random rng)
    {
        var order = train.ToArray();
        rng.Shuffle(order);
        var batches = new List<int[]>();
        int chunk = batchSize * 8;
        for (int c = 0; c < order.Length; c += chunk)
        {
            var sorted = order.Skip(c).Take(chunk).OrderBy(i => specs[i]!.Frames).ThenBy(i => i).ToArray();
            for (int b = 0; b < sorted.Length; b += batchSize) batches.Add(sorted.Skip(b).Take(batchSize).ToArray());
        }
        var shuffled = batches.ToArray();
        rng.Shuffle(shuffled);
        return [.. shuffled];
    }

    /// <summary>A copy of <paramref name="spec"/> with one band of 0–8 mels and one stretch of 0–10 % of its frames set to 0 (the normalised mean).</summary>
    private static LogMelSpec Augment(LogMelSpec spec, int mels, Random rng)
    {
        var data = (float[])spec.Data.Clone();
        int width = rng.Next(0, Math.Min(8, mels / 4) + 1);
        int f0 = rng.Next(0, mels - width + 1);
        int span = rng.Next(0, spec.Frames / 10 + 1);
        int t0 = rng.Next(0, spec.Frames - span + 1);
        for (int t = 0; t < spec.Frames; t++)
        {
            if (t >= t0 && t < t0 + span) { Array.Clear(data, t * mels, mels); continue; }
            Array.Clear(data, t * mels + f0, width);
        }
        return new LogMelSpec(data, spec.Frames);
    }

    /// <summary>UAR (mean recall over the classes present) and mean (weighted) cross-entropy of the model on a labelled set.</summary>
    private static (double Uar, double Loss) Evaluate(LogMelCnn model, List<LogMelSpec> specs, int[] gold, int classes, Tensor? weight)
    {
        var logProbs = LogMelBatches.Run(model, specs, true);
        var pred = logProbs.Select(v => LogMelMetrics.ArgMax(v)).ToArray();
        double loss = 0, norm = 0;
        using (var w = weight?.data<float>())
            for (int i = 0; i < gold.Length; i++)
            {
                double wi = weight is null ? 1 : w![gold[i]];
                loss -= wi * logProbs[i][gold[i]];
                norm += wi;
            }
        return (LogMelMetrics.Uar(pred, gold, classes), norm > 0 ? loss / norm : 0);
    }

    /// <summary>Inverse-frequency weights n / (C · n_c) over <paramref name="train"/>; classes absent get 0.</summary>
    private static Tensor ClassWeights(int[] train, int[] labels, int classes)
    {
        var counts = new int[classes];
        foreach (var i in train) counts[labels[i]]++;
        return tensor(counts.Select(c => c == 0 ? 0f : (float)train.Length / (classes * c)).ToArray(), ScalarType.Float32);
    }
}
