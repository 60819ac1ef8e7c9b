using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Evaluation;
using Sure.Model;
using Sure.Text.Bert;
using Sure.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Bench;

/// <summary>
/// Issue 24 item 3, measured: SURE trained jointly with the top <c>--train-layers</c> layers of a fine-tuned BERT (a
/// feature-cache entry, <c>&lt;key&gt;.bert.zip</c>, or a packaged pretrained one, <c>minilm</c>), against SURE on that encoder's fixed vectors (<c>--train-layers 0</c>),
/// in one harness so that the only difference is the gradient reaching the encoder. The lower layers' hidden states are
/// computed once (evaluation mode) and kept; each SURE step runs the trained top layers over its dialogues' utterances,
/// pools (the model's pooling, unit norm, as the cached vectors), and back-propagates SURE's loss into them. SURE's
/// settings are the fine-tuned rows' (hidden 256, 4 heads, lr 5e-4, constant, dropout 0.5, MoE loss 0.01) with the
/// dataset's speakers, batch size and class weighting; the epoch is chosen on the validation split's weighted F1 and
/// the test score of that epoch reported. An experiment, not a product path: nothing is saved.
///   dotnet bench/Sure.Bench/bin/Release/net10.0/Sure.Bench.dll joint --data iemocap.pkl --encoder KEY.bert.zip
///       [--train-layers 1] [--bert-lr 2e-5] [--epochs 30] [--seed 1] [--threads 1] [--max-speakers 2] [--batch 16] [--out FILE.json]
/// </summary>
public static class JointTraining
{
    public static int Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        string? Arg(string name) => BenchArgs.Value(args, name);
        string data = Arg("--data") ?? throw new ArgumentException("--data is required");
        string encoderPath = Arg("--encoder") ?? throw new ArgumentException("--encoder (a .bert.zip of the text-feature cache, or a packaged model: minilm, arctic-xs) is required");
        int trainLayers = int.Parse(Arg("--train-layers") ?? "1", inv), epochs = int.Parse(Arg("--epochs") ?? "30", inv),
            seed = int.Parse(Arg("--seed") ?? "1", inv), threads = int.Parse(Arg("--threads") ?? "1", inv);
        double bertLr = double.Parse(Arg("--bert-lr") ?? "2e-5", inv);
        torch.set_num_threads(threads);
        var clock = Stopwatch.StartNew();

        var ds = DatasetLoader.Load(data, new DatasetLoadOptions(), out _);
        bool iemocap = ds.ClassCount == 6;
        var config = new SureConfig
        {
            Hidden = 256, Heads = 4, Lr = 5e-4, Epochs = epochs, Modalities = "t", Seed = seed, Threads = threads,
            MaxSpeakers = int.Parse(Arg("--max-speakers") ?? (iemocap ? "2" : "9"), inv),
            BatchSize = int.Parse(Arg("--batch") ?? (iemocap ? "16" : "32"), inv),
        }.Validate();

        // the encoder: a fine-tuned one from the feature cache, or a packaged pretrained one by name (minilm, arctic-xs)
        FineTunedBert? fineTuned = null;
        if (File.Exists(encoderPath))
            using (var zip = ZipFile.OpenRead(encoderPath)) fineTuned = FineTunedBert.ReadFrom(zip, "", encoderPath);
        var package = fineTuned?.Base ?? PretrainedTextModel.Get(encoderPath);
        var tokenizer = package.CreateTokenizer(fineTuned?.MaxTokens ?? int.Parse(Arg("--max-tokens") ?? "64", inv));
        BertTokens[] Encode(Dialogue d)
        {
            var turns = d.Utterances.Select(u => (u.Speaker, u.Text)).ToList();
            return fineTuned is not null ? fineTuned.Tokens(tokenizer, turns) : BertContextInput.Encode(tokenizer, turns, 0);
        }
        using var bert = fineTuned?.CreateTorchModel(encoderPath) ?? package.CreateTorchModel();
        int layers = bert.Config.Layers, from = layers - trainLayers;
        if (trainLayers < 0 || trainLayers > layers) throw new ArgumentException($"--train-layers must be 0 to {layers}");

        // every utterance's tokens, and its hidden states below the trained layers (computed once, no dropout)
        var items = ds.Dialogues.SelectMany((d, di) => d.Utterances.Select((_, ui) => (D: di, U: ui))).ToList();
        var tokens = ds.Dialogues.Select(Encode).ToArray();
        var lower = ds.Dialogues.Select(d => new Tensor[d.Utterances.Count]).ToArray();
        bert.eval();
        using (no_grad())
            foreach (var chunk in BertBatch.ByLength(items.Select(x => tokens[x.D][x.U]).ToList(), 64))
            {
                using var scope = NewDisposeScope();
                var rows = chunk.Select(i => items[i]).ToList();
                var batch = new BertBatch(rows.Select(x => tokens[x.D][x.U]).ToArray(), tokenizer.PadId);
                using var ids = tensor(batch.Ids, [batch.Count, batch.Length]);
                using var mask = tensor(batch.Mask, [batch.Count, batch.Length]);
                var h = bert.ForwardLower(ids, mask, from);
                for (int r = 0; r < rows.Count; r++)
                    lower[rows[r].D][rows[r].U] = h[r].narrow(0, 0, tokens[rows[r].D][rows[r].U].Ids.Length).clone().MoveToOuterDisposeScope();
            }
        double cacheSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv, $"{items.Count} utterances' layer-{from} states cached in {cacheSeconds:F0} s; training the top {trainLayers} of {layers} layers with SURE"));

        // unit-norm pooled vectors [n, H] of utterances, through the trained layers; run in length-sorted chunks of 64
        // (padding each to its own longest, as the fine-tuner's buckets do), then put back in the rows' order
        Tensor Chunk(IReadOnlyList<(int D, int U)> rows)
        {
            using var scope = NewDisposeScope();
            var batch = new BertBatch(rows.Select(x => tokens[x.D][x.U]).ToArray(), tokenizer.PadId);
            var mask = tensor(batch.Mask, [batch.Count, batch.Length]);
            var h = nn.utils.rnn.pad_sequence(rows.Select(x => lower[x.D][x.U]), batch_first: true);
            h = bert.ForwardUpper(h, mask, from);
            return SentencePooling.Apply(h, tensor(batch.PoolMask, [batch.Count, batch.Length]), package.Pooling).MoveToOuterDisposeScope();
        }
        Tensor Vectors(IReadOnlyList<(int D, int U)> rows)
        {
            using var scope = NewDisposeScope();
            var chunks = BertBatch.ByLength(rows.Select(x => tokens[x.D][x.U]).ToList(), 64).ToList();
            var parts = chunks.Select(c => Chunk(c.Select(i => rows[i]).ToList())).ToList();
            var order = chunks.SelectMany(c => c).ToArray();
            var inverse = new long[order.Length];
            for (int k = 0; k < order.Length; k++) inverse[order[k]] = k;
            return cat(parts, 0).index_select(0, tensor(inverse)).MoveToOuterDisposeScope();
        }

        // every utterance's vector from the encoder as it is now (evaluation mode), written into the dataset
        void Refresh(IEnumerable<(int D, int U)> which)
        {
            bert.eval();
            using var noGrad = no_grad();
            var list = which.ToList();
            foreach (var chunk in BertBatch.ByLength(list.Select(x => tokens[x.D][x.U]).ToList(), 64))
            {
                using var scope = NewDisposeScope();
                var rows = chunk.Select(i => list[i]).ToList();
                var v = Vectors(rows);
                for (int r = 0; r < rows.Count; r++) ds.Dialogues[rows[r].D].Utterances[rows[r].U][Modality.Text] = v[r].data<float>().ToArray();
            }
        }
        Refresh(items);

        var index = ds.Dialogues.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
        var train = ds.In(Split.Train).ToList();
        var valid = ds.In(Split.Valid).ToList();
        var test = ds.In(Split.Test).ToList();
        var evalItems = valid.Concat(test).SelectMany(d => d.Utterances.Select((_, u) => (index[d], u))).ToList();
        var device = torch.CPU;
        var inputs = ModelInputs.For(config.ModelOptions, ds.Dims, device);
        using var model = Trainer.BuildModel(config, inputs.Dims, ds.ClassCount, device, null, train);
        using var optimizer = new InPlaceAdamW(model.parameters(), config.Lr, config.WeightDecay);
        var bertParameters = bert.named_parameters().Where(p => p.name.StartsWith("encoder.layer.", StringComparison.Ordinal)
            && int.Parse(p.name.Split('.')[2], inv) >= from).Select(p => p.parameter).ToArray();
        foreach (var p in bert.parameters()) p.requires_grad = false;
        foreach (var p in bertParameters) p.requires_grad = true;
        using var bertOptimizer = trainLayers > 0 ? new InPlaceAdamW(bertParameters, bertLr, 0.01) : null;
        using Tensor? classWeights = ClassWeights.Enabled(config.ClassWeights, ds)
            ? tensor(ClassWeights.FromFrequencies(train, ds.ClassCount), device: device) : null;
        var objective = new Trainer(config, ds, runDir: Path.GetTempPath());   // its Loss only: nothing is written

        var history = new JsonArray();
        double bestValid = double.NegativeInfinity, bestTest = 0, bestTestAcc = 0;
        int bestEpoch = 0;
        double trainSeconds = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            model.train();
            if (trainLayers > 0) bert.train();
            GlobalGenerator.Seed(Trainer.EpochSeed(seed, epoch));
            var order = train.ToArray();
            new Random(Trainer.EpochSeed(seed, epoch)).Shuffle(order);
            int batches = (order.Length + config.BatchSize - 1) / config.BatchSize;
            double lossSum = 0;
            for (int b = 0; b < batches; b++)
            {
                using var scope = NewDisposeScope();
                var chunk = order.Skip(b * config.BatchSize).Take(config.BatchSize).ToList();
                using var batch = inputs.Collate(chunk);
                if (trainLayers > 0)
                {
                    var rows = chunk.SelectMany(d => d.Utterances.Select((_, u) => (index[d], u))).ToList();
                    var v = Vectors(rows);
                    int n = batch.MaxLength, at = 0;
                    var padded = new List<Tensor>();
                    foreach (var d in chunk)
                    {
                        var part = v.narrow(0, at, d.Utterances.Count);
                        at += d.Utterances.Count;
                        padded.Add(nn.functional.pad(part, [0, 0, 0, n - d.Utterances.Count]));
                    }
                    batch.Features[(int)Modality.Text]?.Dispose();
                    batch.Features[(int)Modality.Text] = stack(padded);
                }
                optimizer.ZeroGrad();
                bertOptimizer?.ZeroGrad();
                var output = model.forward(batch);
                var loss = objective.Loss(output, batch, classWeights);
                loss.backward();
                nn.utils.clip_grad_norm_(model.parameters(), config.GradClip);
                optimizer.Step();
                if (bertOptimizer is not null)
                {
                    nn.utils.clip_grad_norm_(bertParameters, 1.0);
                    bertOptimizer.Lr = bertLr * (1 - (epoch - 1 + (double)b / batches) / epochs);  // linear decay
                    bertOptimizer.Step();
                }
                lossSum += loss.item<float>();
            }
            trainSeconds += epochClock.Elapsed.TotalSeconds;
            if (trainLayers > 0) Refresh(evalItems);
            var scoring = inputs.WithStore(valid.Concat(test));
            var validOut = Evaluator.Evaluate(model, valid, scoring, ds.ClassNames, 32, classWeights);
            var t = Evaluator.Evaluate(model, test, scoring, ds.ClassNames, 32, classWeights);
            scoring.Store?.Dispose();
            double vf = Metrics.ToPercent(validOut.Report.WeightedF1), tf = Metrics.ToPercent(t.Report.WeightedF1);
            if (vf > bestValid) { bestValid = vf; bestTest = tf; bestTestAcc = Metrics.ToPercent(t.Report.Accuracy); bestEpoch = epoch; }
            Console.WriteLine(string.Create(inv, $"epoch {epoch,3}: loss {lossSum / batches:F4}, valid wF1 {vf:F2}, test wF1 {tf:F2} ({epochClock.Elapsed.TotalSeconds:F0} s){(bestEpoch == epoch ? " *" : "")}"));
            history.Add(new JsonObject { ["epoch"] = epoch, ["loss"] = Math.Round(lossSum / batches, 5), ["valid_wf1"] = vf, ["test_wf1"] = tf, ["seconds"] = Math.Round(epochClock.Elapsed.TotalSeconds, 1) });
        }
        double cpuSeconds = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        Console.WriteLine(string.Create(inv, $"chosen epoch {bestEpoch} (valid weighted F1 {bestValid:F2}): test accuracy {bestTestAcc:F2}, weighted F1 {bestTest:F2}; {trainSeconds / epochs:F1} s an epoch, {clock.Elapsed.TotalSeconds:F0} s in all, {cpuSeconds:F0} CPU s (process)"));
        if (Arg("--out") is { } outPath)
        {
            var doc = new JsonObject
            {
                ["command"] = "joint " + string.Join(' ', args), ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", inv),
                ["train_layers"] = trainLayers, ["bert_lr"] = bertLr, ["seed"] = seed, ["threads"] = threads,
                ["best_epoch"] = bestEpoch, ["valid_wf1"] = bestValid, ["test_wf1"] = bestTest, ["test_accuracy"] = bestTestAcc,
                ["cache_seconds"] = Math.Round(cacheSeconds, 1), ["seconds_per_epoch"] = Math.Round(trainSeconds / epochs, 1),
                ["total_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1), ["cpu_seconds"] = Math.Round(cpuSeconds, 1), ["history"] = history,
            };
            File.WriteAllText(outPath, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        foreach (var row in lower) foreach (var h in row) h.Dispose();
        return 0;
    }
}
