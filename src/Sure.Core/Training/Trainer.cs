using System.Diagnostics;
using Sure.Configuration;
using Sure.Data;
using Sure.Evaluation;
using Sure.Model;
using Sure.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Training;

/// <summary>
/// Trains a <see cref="DialogueModel"/> (SURE or a baseline) on a dataset: AdamW (<see cref="InPlaceAdamW"/>; constant learning rate, or warm-up + cosine decay), masked (optionally class-weighted) NLL plus the weighted MoE
/// losses, gradient clipping, best epoch chosen on the validation split (or on test under the explicitly named paper
/// protocol), optional early stopping, checkpoints of the best and the last epoch written atomically, exact resume.
/// Determinism: the model is initialised after seeding libtorch's generator (<see cref="GlobalGenerator"/>) with the seed; every epoch reseeds it and the shuffle
/// from (seed, epoch), so a resumed run draws exactly what an uninterrupted one would.
/// </summary>
public sealed class Trainer
{
    public const string BestCheckpoint = "best.pt";

    private readonly SureConfig _config;
    private readonly ConversationDataset _data;
    private readonly string _runDir;
    private readonly ITrainingObserver _observer;
    private readonly Text.TextEncoderSpec? _textEncoder;

    public Trainer(SureConfig config, ConversationDataset data, string runDir, ITrainingObserver? observer = null, Text.TextEncoderSpec? textEncoder = null)
    {
        _textEncoder = textEncoder;
        _config = config;
        _data = data;
        _runDir = runDir;
        _observer = observer ?? SilentObserver.Instance;
    }

    public static Device DeviceOf(SureConfig config)
    {
        if (config.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
        {
            if (!TorchBackend.HasCuda)
                throw new Errors.SureUserException($"{Sure.Errors.Setting.Name("device")} {config.Device}: this build of Sure uses the CPU-only libtorch; build with -p:TorchBackend=cuda for a GPU (docs/gpu.md).");
            if (!torch.cuda.is_available())
                throw new Errors.SureUserException($"{Sure.Errors.Setting.Name("device")} {config.Device}: CUDA is not available on this machine (no NVIDIA GPU or driver found by libtorch).");
        }
        return torch.device(config.Device);
    }

    /// <summary>The model the configuration names, initialised from its seed; its input normalisation is fitted on
    /// <paramref name="train"/> when given (a model about to be loaded from a checkpoint needs none).</summary>
    public static DialogueModel BuildModel(SureConfig config, int[] dims, int classCount, Device device, Text.TextEncoderSpec? textEncoder = null, IReadOnlyList<Dialogue>? train = null)
    {
        GlobalGenerator.Seed(config.Seed);
        var model = DialogueModels.Build(config.ModelOptions, dims, classCount, textEncoder?.Build());
        if (train is not null) model.FitInputNormalization(train);
        model.to(device);
        return model;
    }

    public TrainingResult Run()
    {
        Directory.CreateDirectory(_runDir);
        var device = DeviceOf(_config);
        var inputs = ModelInputs.For(_config.ModelOptions, _data.Dims, device, _textEncoder);
        var dims = inputs.Dims;
        var train = _data.In(Split.Train).ToList();
        var valid = _data.In(Split.Valid).ToList();
        var test = _data.In(Split.Test).ToList();
        if (train.Count == 0) throw new Errors.SureUserException($"{_data.Source ?? _data.Name}: no training dialogues.");
        if (valid.Count == 0) throw new Errors.SureUserException($"{_data.Source ?? _data.Name}: no validation dialogues (need at least 2 training dialogues to hold some out).");
        bool paper = _config.Protocol == SelectionProtocol.Paper;
        inputs = inputs.WithStore(train.Concat(valid).Concat(test)); // batches gather from contiguous features
        using var store = inputs.Store;
        if (paper && test.Count == 0) throw new Errors.SureUserException($"{Sure.Errors.Setting.Name("protocol")} paper selects on the test split, but the data has no test dialogues.");

        // Disposed when the run ends, however it ends (the native memory of a model is not the GC's to free in time).
        using var model = BuildModel(_config, dims, _data.ClassCount, device, _textEncoder, train);
        using var optimizer = new InPlaceAdamW(model.parameters(), _config.Lr, _config.WeightDecay);
        using Tensor? classWeights = ClassWeights.Enabled(_config.ClassWeights, _data)
            ? torch.tensor(ClassWeights.FromFrequencies(train, _data.ClassCount), device: device)
            : null;

        var state = TrainerState.Load(_runDir) ?? new TrainerState();
        if (state.LastEpoch > 0)
        {
            model.load(Path.Combine(_runDir, state.LastModel));
            optimizer.Load(Path.Combine(_runDir, state.LastOptimizer));
            _observer.OnMessage($"Resuming after epoch {state.LastEpoch} (best so far: epoch {state.BestEpoch}).");
        }

        var stopwatch = Stopwatch.StartNew();
        double previousSeconds = state.History.Sum(h => h.Seconds);
        _observer.OnStart(state.LastEpoch + 1, _config.Epochs);
        for (int epoch = state.LastEpoch + 1; epoch <= _config.Epochs && !state.Finished; epoch++)
        {
            var epochWatch = Stopwatch.StartNew();
            var (trainLoss, trainNll) = TrainEpoch(model, optimizer, train, inputs, classWeights, epoch);
            var v = Evaluator.Evaluate(model, valid, inputs, _data.ClassNames, EvalBatch, classWeights);
            EvaluationOutput? t = paper ? Evaluator.Evaluate(model, test, inputs, _data.ClassNames, EvalBatch, classWeights) : null;
            double score = paper ? t!.Report.WeightedF1 : v.Report.WeightedF1;
            bool improved = score > state.BestScore;
            if (improved) SaveModel(model, BestCheckpoint);
            var record = new EpochRecord
            {
                Epoch = epoch, TrainLoss = Math.Round(trainLoss, 5), TrainNll = Math.Round(trainNll, 5), ValidNll = Math.Round(v.Loss, 5),
                ValidAccuracy = Metrics.ToPercent(v.Report.Accuracy), ValidWeightedF1 = Metrics.ToPercent(v.Report.WeightedF1),
                TestAccuracy = t is null ? null : Metrics.ToPercent(t.Report.Accuracy), TestWeightedF1 = t is null ? null : Metrics.ToPercent(t.Report.WeightedF1),
                Seconds = Math.Round(epochWatch.Elapsed.TotalSeconds, 3), Improved = improved,
            };
            int stale = improved ? 0 : state.EpochsWithoutImprovement + 1;
            bool stop = _config.Patience > 0 && stale >= _config.Patience;
            var lastModel = $"last-e{epoch:D4}.pt";
            var lastOptim = $"last-e{epoch:D4}.optim.pt";
            SaveModel(model, lastModel);
            optimizer.Save(Path.Combine(_runDir, lastOptim));
            var previous = state;
            state = state with
            {
                LastEpoch = epoch, LastModel = lastModel, LastOptimizer = lastOptim,
                BestEpoch = improved ? epoch : state.BestEpoch, BestScore = improved ? score : state.BestScore,
                EpochsWithoutImprovement = stale, Finished = stop || epoch == _config.Epochs,
                History = [.. state.History, record],
            };
            state.Save(_runDir);
            TrainingHistory.Write(_runDir, state.History);
            if (previous.LastEpoch > 0)
            {
                TryDelete(previous.LastModel);
                TryDelete(previous.LastOptimizer);
            }
            _observer.OnEpoch(record);
            if (stop) _observer.OnMessage($"Early stopping: no improvement for {_config.Patience} epochs.");
        }
        if (!state.Finished)
        {
            state = state with { Finished = true };
            state.Save(_runDir);
        }

        model.load(Path.Combine(_runDir, BestCheckpoint));
        var validOut = Evaluator.Evaluate(model, valid, inputs, _data.ClassNames, EvalBatch, classWeights, diagnostics: true);
        var testOut = test.Count > 0
            ? Evaluator.Evaluate(model, test, inputs, _data.ClassNames, EvalBatch, classWeights, diagnostics: true)
            : validOut;
        return new TrainingResult
        {
            Valid = validOut, Test = testOut, BestEpoch = state.BestEpoch, EpochsRun = state.LastEpoch,
            TrainSeconds = Math.Round(previousSeconds + stopwatch.Elapsed.TotalSeconds, 2),
            History = state.History, Parameters = model.parameters().Sum(p => p.numel()),
            BestWeights = IO.TensorData.FromModule(model),
        };
    }

    private int EvalBatch => Math.Max(_config.BatchSize, 32);

    /// <summary>One epoch of training; returns the means over its batches of the objective and of its NLL part.</summary>
    private (double Loss, double Nll) TrainEpoch(DialogueModel model, InPlaceAdamW optimizer, List<Dialogue> train, ModelInputs inputs, Tensor? classWeights, int epoch)
    {
        model.train();
        GlobalGenerator.Seed(EpochSeed(_config.Seed, epoch));
        var order = train.ToArray();
        new Random(EpochSeed(_config.Seed, epoch)).Shuffle(order);
        int batches = (order.Length + _config.BatchSize - 1) / _config.BatchSize;
        double lossSum = 0, nllSum = 0;
        for (int b = 0; b < batches; b++)
        {
            using var scope = torch.NewDisposeScope();
            var chunk = order.Skip(b * _config.BatchSize).Take(_config.BatchSize).ToList();
            using var batch = inputs.Collate(chunk);
            optimizer.Lr = LearningRate(_config, epoch - 1 + (double)b / batches);
            optimizer.ZeroGrad();
            var output = model.forward(batch);
            var nll = Nll(output, batch, classWeights);
            var loss = WithMoeLosses(nll, output);
            loss.backward();
            if (_config.GradClip > 0) nn.utils.clip_grad_norm_(model.parameters(), _config.GradClip);
            optimizer.Step();
            lossSum += loss.item<float>();
            nllSum += nll.item<float>();
            _observer.OnBatch(epoch, b + 1, batches);
        }
        return (lossSum / Math.Max(1, batches), nllSum / Math.Max(1, batches));
    }

    /// <summary>Masked NLL (class-weighted when weights are given; padding and unlabelled utterances ignored) plus MoeLossWeight × the MoE losses.</summary>
    public Tensor Loss(SureOutput output, DialogueBatch batch, Tensor? classWeights) => WithMoeLosses(Nll(output, batch, classWeights), output);

    /// <summary>Masked NLL (class-weighted when weights are given; padding and unlabelled utterances ignored).</summary>
    public static Tensor Nll(SureOutput output, DialogueBatch batch, Tensor? classWeights)
    {
        int classes = (int)output.Logits.shape[2];
        return nn.functional.cross_entropy(output.Logits.reshape(-1, classes), batch.Labels.reshape(-1), weight: classWeights, ignore_index: -1);
    }

    private Tensor WithMoeLosses(Tensor nll, SureOutput output)
    {
        if (!(_config.MoeLossWeight > 0)) return nll;
        using var weight = _config.MoeLossWeight.ToScalar();   // alive across the call (Scalars)
        return nll.add(output.AuxLoss * weight, Scalars.One);
    }

    /// <summary>The learning rate after <paramref name="epochsDone"/> (fractional) epochs of training: the configured one
    /// (constant), or linear warm-up from lr/steps to lr over WarmupEpochs followed by cosine decay to 0 at the end.</summary>
    public static double LearningRate(SureConfig config, double epochsDone)
    {
        if (config.LrSchedule == LrSchedule.Constant) return config.Lr;
        double warm = Math.Min(config.WarmupEpochs, config.Epochs);
        if (epochsDone < warm) return config.Lr * Math.Max(epochsDone, 1e-3 * warm) / warm;
        double span = config.Epochs - warm;
        double t = span <= 0 ? 1 : Math.Clamp((epochsDone - warm) / span, 0, 1);
        return config.Lr * 0.5 * (1 + Math.Cos(Math.PI * t));
    }

    public static int EpochSeed(int seed, int epoch) => unchecked(seed * 1_000_003 + epoch * 7_919);

    private void SaveModel(DialogueModel model, string name) =>
        Sure.IO.AtomicFile.Write(Path.Combine(_runDir, name), tmp => model.save(tmp));

    private void TryDelete(string name)
    {
        if (string.IsNullOrEmpty(name)) return;
        var p = Path.Combine(_runDir, name);
        if (File.Exists(p)) File.Delete(p);
    }
}
