using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Text.Bert;
using TorchSharp;

namespace Sure.Bench;

/// <summary>
/// Seconds per fine-tuning epoch of the packaged BERT (issue 24 item 6): <see cref="BertFineTuner"/> itself, one epoch on
/// a dataset's training split (no validation, no vectors made), for each configuration "B/N" = length bucketing over
/// chunks of B batches (1 = none) with the lowest N layers frozen. The configurations run in turn, <c>--repeats</c> rounds
/// (A B A B …), each with the 1-minute load average before and after. First, without training, the padding of one epoch's
/// batches for several bucket sizes (the fine-tuner's own batches for the seed).
///   dotnet run -c Release --project bench/Sure.Bench -- encoder-epoch --data iemocap.pkl [--model minilm] [--threads 1]
///       [--configs 16/0,1/0,16/3,1/3] [--repeats 2] [--batch 16] [--max-tokens 64] [--seed 1] [--padding-only] [--out FILE.json]
/// </summary>
public static class EncoderEpoch
{
    public static int Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        string? Arg(string name) => BenchArgs.Value(args, name);
        var model = PretrainedTextModel.Get(Arg("--model") ?? "minilm");
        string data = Arg("--data") ?? throw new ArgumentException("--data is required");
        int threads = int.Parse(Arg("--threads") ?? "1", inv), repeats = int.Parse(Arg("--repeats") ?? "2", inv),
            batch = int.Parse(Arg("--batch") ?? "16", inv), maxTokens = int.Parse(Arg("--max-tokens") ?? "64", inv), seed = int.Parse(Arg("--seed") ?? "1", inv);
        var configs = (Arg("--configs") ?? "16/0,1/0,16/3,1/3").Split(',').Select(c => c.Split('/')).Select(p => (Bucket: int.Parse(p[0], inv), Freeze: int.Parse(p[1], inv))).ToList();
        torch.set_num_threads(threads);

        var ds = DatasetLoader.Load(data, new DatasetLoadOptions(), out _);
        var train = new ConversationDataset { Name = ds.Name, ClassNames = ds.ClassNames, Source = ds.Source, Dialogues = ds.In(Split.Train).ToList() };
        var options = new BertFineTuneOptions { Epochs = 1, BatchSize = batch, MaxTokens = maxTokens, Patience = 0, Seed = seed };

        // padding of one epoch's batches, exactly as the fine-tuner forms them for this seed
        var tokenizer = model.CreateTokenizer(maxTokens);
        var lengths = train.Dialogues.Select(d => BertContextInput.Encode(tokenizer, d.Utterances.Select(u => (u.Speaker, u.Text)).ToList(), 0).Select(t => t.Ids.Length).ToArray()).ToArray();
        var items = train.Dialogues.SelectMany((d, di) => d.Utterances.Select((u, ui) => (D: di, U: ui, u.Label))).Where(x => x.Label >= 0).Select(x => (x.D, x.U)).ToArray();
        long real = items.Sum(x => (long)lengths[x.D][x.U]);
        Console.WriteLine($"{model}: {items.Length} training utterances of {data}, {real} word pieces (mean {(double)real / items.Length:F1}, max {maxTokens}); batch {batch}; {threads} thread(s)");
        Console.WriteLine($"{"bucket",7} {"batches",8} {"padded wp",10} {"padding",8} {"wp vs unsorted",15} {"sum B*L^2 vs unsorted",22}");
        var padding = new JsonArray();
        (long Padded, double Quadratic) Pad(int bucket)
        {
            var batches = BertFineTuner.EpochBatches(items.ToArray(), x => lengths[x.D][x.U], batch, bucket, new Random(seed));
            if (batches.Sum(b => b.Length) != items.Length) throw new InvalidOperationException("an epoch lost or repeated an utterance");
            return (batches.Sum(b => (long)b.Length * b.Max(x => lengths[x.D][x.U])), batches.Sum(b => (double)b.Length * Math.Pow(b.Max(x => lengths[x.D][x.U]), 2)));
        }
        var unsorted = Pad(1);
        foreach (int bucket in new[] { 1, 4, 16, 50, items.Length })
        {
            var (padded, quadratic) = Pad(bucket);
            int count = (items.Length + batch - 1) / batch;
            Console.WriteLine(string.Create(inv, $"{(bucket == items.Length ? "epoch" : bucket.ToString(inv)),7} {count,8} {padded,10} {1 - (double)real / padded,8:P1} {(double)padded / unsorted.Padded,15:F3} {quadratic / unsorted.Quadratic,22:F3}"));
            padding.Add(new JsonObject
            {
                ["bucket_batches"] = bucket == items.Length ? "whole epoch" : bucket, ["padded_word_pieces"] = padded,
                ["padding_share"] = Math.Round(1 - (double)real / padded, 4), ["padded_vs_unsorted"] = Math.Round((double)padded / unsorted.Padded, 4),
            });
        }
        var runs = new JsonArray();
        if (!args.Contains("--padding-only"))
        {
            var onnx = model.ReadOnnx();
            Console.WriteLine($"{"round",5} {"bucket",7} {"freeze",6} {"s/epoch",8} {"cpu s",7} {"utt/s",7} {"padding",8} {"load before",12} {"load after",11}");
            for (int r = 1; r <= repeats; r++)
                foreach (var (bucket, freeze) in configs)
                {
                    var o = options with { BucketBatches = bucket, FreezeLayers = freeze };
                    string before = LoadAverage();
                    using var process = Process.GetCurrentProcess();
                    var cpu = process.TotalProcessorTime;
                    var report = new BertFineTuner(model, o).FineTuneOnly(train, onnx);
                    process.Refresh();
                    double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
                    string after = LoadAverage();
                    Console.WriteLine(string.Create(inv, $"{r,5} {bucket,7} {freeze,6} {report.SecondsPerEpoch,8:F1} {cpuSeconds,7:F1} {report.TrainUtterancesPerSecond,7:F1} {report.PaddingShare,8:P1} {before,12} {after,11}"));
                    runs.Add(new JsonObject
                    {
                        ["round"] = r, ["bucket_batches"] = bucket, ["freeze_layers"] = freeze, ["seconds_per_epoch"] = report.SecondsPerEpoch,
                        ["cpu_seconds"] = Math.Round(cpuSeconds, 1), ["utterances_per_second"] = report.TrainUtterancesPerSecond,
                        ["padding_share"] = report.PaddingShare, ["load_before"] = before, ["load_after"] = after,
                    });
                }
        }
        if (Arg("--out") is { } outPath)
        {
            var doc = new JsonObject
            {
                ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
                ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", inv),
                ["command"] = "dotnet run -c Release --project bench/Sure.Bench -- encoder-epoch " + string.Join(' ', args),
                ["model"] = model.Key, ["training_utterances"] = items.Length, ["word_pieces"] = real, ["threads"] = threads,
                ["padding"] = padding, ["runs"] = runs,
            };
            File.WriteAllText(outPath, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"wrote {outPath}");
        }
        return 0;
    }

    /// <summary>The 1-minute load average (Linux /proc/loadavg; "?" elsewhere).</summary>
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
