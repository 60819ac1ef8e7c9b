using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sure.Data.Formats;
using Sure.Text.Bert;
using Sure.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Bench;

/// <summary>
/// Throughput of the packaged BERT encoders (issue 16): inference (utterances/s) through ONNX Runtime and through the
/// TorchSharp <see cref="BertModel"/> on the same texts, and fine-tuning steps (forward, backward, clip, optimiser timed
/// separately) through TorchSharp, at each thread count; then the fine-tuned encoder those steps made, at prediction
/// (utterances/s): TorchSharp (<see cref="FineTunedBert.CreateTorchEncoder"/>) against ONNX Runtime with the fine-tuned
/// weights in place of the graph's (<see cref="FineTunedBert.CreateOnnxEncoder"/>, what prediction runs). The four
/// inference rates are measured in turn, <c>--repeats</c> rounds, and each is the median of its rounds; the fine-tuned
/// pair also per second of the process's CPU time, the steadier measure on a shared machine. The texts are a dataset's real utterances (<c>--data</c>) or,
/// without it, generated sentences of 5–30 words.
///   dotnet run -c Release --project bench/Sure.Bench -- encoder-throughput [--data iemocap.pkl] [--model minilm]
///       [--threads 1,2] [--texts 1024] [--batch 16] [--max-tokens 64] [--steps 20] [--freeze-embeddings] [--repeats 3] [--out FILE.json]
/// </summary>
public static class EncoderThroughput
{
    public static int Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        string? Arg(string name) => BenchArgs.Value(args, name);
        var model = PretrainedTextModel.Get(Arg("--model") ?? "minilm");
        var threads = (Arg("--threads") ?? "1,2").Split(',').Select(s => int.Parse(s, inv)).ToArray();
        int count = int.Parse(Arg("--texts") ?? "1024", inv), batch = int.Parse(Arg("--batch") ?? "16", inv),
            maxTokens = int.Parse(Arg("--max-tokens") ?? "64", inv), steps = int.Parse(Arg("--steps") ?? "20", inv),
            repeats = int.Parse(Arg("--repeats") ?? "3", inv);
        bool freezeEmbeddings = args.Contains("--freeze-embeddings");
        string? data = Arg("--data"), outPath = Arg("--out");
        var texts = Texts(data, count);
        var onnx = model.ReadOnnx();
        var tokenizer = model.CreateTokenizer(maxTokens);
        double meanTokens = texts.Average(t => tokenizer.Encode(t).Ids.Length);
        Console.WriteLine($"{model}: {texts.Count} texts from {data ?? "generated sentences"}, mean {meanTokens:F1} word pieces ([CLS]/[SEP] included, max {maxTokens}); fine-tuning batch {batch}"
            + (freezeEmbeddings ? ", word embeddings frozen" : ""));
        Console.WriteLine($"{"thr",3} {"onnx utt/s",11} {"torch utt/s",12} {"ft utt/s",9} {"fwd ms",7} {"bwd ms",7} {"clip ms",8} {"optim ms",9} {"step ms",8} {"tuned torch",12} {"tuned onnx",11} {"ratio",6} {"cpu: torch",11} {"onnx",7} {"ratio",6}");
        var results = new JsonArray();
        var loadBefore = LoadAverage();
        foreach (int t in threads)
        {
            torch.set_num_threads(t);
            var (ft, phases, tuned) = FineTune(model, onnx, tokenizer, texts, batch, steps, freezeEmbeddings);
            double stepMs = phases.Sum();
            var fineTuned = new FineTunedBert(model, maxTokens, tuned);
            double ortRate, torchRate, tunedTorchRate, tunedOnnxRate, tunedTorchCpu, tunedOnnxCpu;
            List<(double Wall, double Cpu)[]> rounds;
            using (var ort = new OnnxSentenceEncoder(model, maxTokens, t, 32, onnx))
            using (var ts = new TorchSentenceEncoder(model, maxTokens, 32, onnx))
            using (var tunedTs = fineTuned.CreateTorchEncoder("bench"))
            using (var tunedOrt = fineTuned.CreateOnnxEncoder("bench", t, onnx))
            {
                // the four encoders in turn, --repeats rounds, the median of each: on a shared machine the load moves
                rounds = Enumerable.Range(0, repeats).Select(_ => new[] { Rate(ort, texts), Rate(ts, texts), Rate(tunedTs, texts), Rate(tunedOrt, texts) }).ToList();
                ortRate = Median(rounds.Select(r => r[0].Wall));
                torchRate = Median(rounds.Select(r => r[1].Wall));
                tunedTorchRate = Median(rounds.Select(r => r[2].Wall));
                tunedOnnxRate = Median(rounds.Select(r => r[3].Wall));
                tunedTorchCpu = Median(rounds.Select(r => r[2].Cpu));
                tunedOnnxCpu = Median(rounds.Select(r => r[3].Cpu));
            }
            Console.WriteLine(string.Create(inv, $"{t,3} {ortRate,11:F1} {torchRate,12:F1} {ft,9:F1} {phases[0],7:F0} {phases[1],7:F0} {phases[2],8:F0} {phases[3],9:F0} {stepMs,8:F0} {tunedTorchRate,12:F1} {tunedOnnxRate,11:F1} {tunedOnnxRate / tunedTorchRate,6:F2} {tunedTorchCpu,11:F1} {tunedOnnxCpu,7:F1} {tunedOnnxCpu / tunedTorchCpu,6:F2}"));
            results.Add(new JsonObject
            {
                ["threads"] = t, ["onnx_inference_utterances_per_second"] = Math.Round(ortRate, 1),
                ["torch_inference_utterances_per_second"] = Math.Round(torchRate, 1),
                ["torch_finetune_utterances_per_second"] = Math.Round(ft, 1),
                ["finetune_step_ms"] = new JsonObject { ["forward"] = Math.Round(phases[0], 1), ["backward"] = Math.Round(phases[1], 1), ["clip"] = Math.Round(phases[2], 1), ["optimizer"] = Math.Round(phases[3], 1) },
                ["finetuned_torch_inference_utterances_per_second"] = Math.Round(tunedTorchRate, 1),
                ["finetuned_onnx_inference_utterances_per_second"] = Math.Round(tunedOnnxRate, 1),
                ["finetuned_torch_inference_utterances_per_cpu_second"] = Math.Round(tunedTorchCpu, 1),
                ["finetuned_onnx_inference_utterances_per_cpu_second"] = Math.Round(tunedOnnxCpu, 1),
                ["rounds"] = new JsonArray([.. rounds.Select(r => (JsonNode)new JsonObject
                {
                    ["onnx"] = Math.Round(r[0].Wall, 1), ["torch"] = Math.Round(r[1].Wall, 1),
                    ["finetuned_torch"] = Math.Round(r[2].Wall, 1), ["finetuned_onnx"] = Math.Round(r[3].Wall, 1),
                    ["finetuned_torch_cpu"] = Math.Round(r[2].Cpu, 1), ["finetuned_onnx_cpu"] = Math.Round(r[3].Cpu, 1),
                })]),
            });
        }
        if (outPath is not null)
        {
            var doc = new JsonObject
            {
                ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
                ["load_average_1_5_15_min"] = new JsonObject { ["start"] = loadBefore, ["end"] = LoadAverage() },
                ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", inv),
                ["command"] = "dotnet run -c Release --project bench/Sure.Bench -- encoder-throughput " + string.Join(' ', args),
                ["model"] = model.Key, ["texts"] = texts.Count, ["mean_word_pieces"] = Math.Round(meanTokens, 2), ["batch"] = batch,
                ["max_tokens"] = maxTokens, ["freeze_embeddings"] = freezeEmbeddings, ["repeats"] = repeats, ["results"] = results,
            };
            File.WriteAllText(outPath, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"wrote {outPath}");
        }
        return 0;
    }

    /// <summary>The 1-, 5- and 15-minute load averages (Linux /proc/loadavg; "?" elsewhere).</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>Utterances per second of <paramref name="encoder"/> over all <paramref name="texts"/>, after a warm-up batch:
    /// per second of wall time, and per second of this process's CPU time (on a shared machine, with one thread, the
    /// rate an idle core would give, near enough).</summary>
    private static (double Wall, double Cpu) Rate(ISentenceEncoder encoder, IReadOnlyList<string> texts)
    {
        encoder.Encode(texts.Take(32).ToList<string?>());
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        encoder.Encode(texts.ToList<string?>());
        double wall = sw.Elapsed.TotalSeconds;
        process.Refresh();
        return (texts.Count / wall, texts.Count / (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>Fine-tuning steps as <see cref="BertFineTuner"/> takes them (mean pooling, linear head, cross-entropy,
    /// clipping at 1, <see cref="InPlaceAdamW"/>) on length-sorted batches of the texts with random labels; returns
    /// utterances/s, the mean milliseconds of forward, backward, clip and optimiser per step, and the weights it ends with.</summary>
    private static (double Rate, double[] PhaseMs, List<Sure.IO.TensorData> Weights) FineTune(PretrainedTextModel model, byte[] onnx, BertTextTokenizer tokenizer,
        IReadOnlyList<string> texts, int batch, int steps, bool freezeEmbeddings)
    {
        torch.manual_seed(1);
        using var bert = model.CreateTorchModel(onnx);
        using var head = nn.Linear(model.Dim, 7);
        if (freezeEmbeddings) bert.get_parameter("embeddings.word_embeddings.weight")!.requires_grad = false;
        var parameters = bert.parameters().Concat(head.parameters()).Where(p => p.requires_grad).ToArray();
        using var optimizer = new InPlaceAdamW(parameters, 2e-5, 0.01);
        bert.train();
        var tokens = texts.Select(tokenizer.Encode).ToArray();
        var rng = new Random(1);
        var chunks = BertBatch.ByLength(tokens, batch).OrderBy(_ => rng.Next()).ToList();
        var phases = new double[4];
        int utterances = 0;
        var total = Stopwatch.StartNew();
        for (int s = -1; s < steps; s++) // step −1 warms up and is not counted
        {
            var chunk = chunks[(s + 1) % chunks.Count];
            using var scope = NewDisposeScope();
            var sw = Stopwatch.StartNew();
            double Lap() { double ms = sw.Elapsed.TotalMilliseconds; sw.Restart(); return ms; }
            var b = new BertBatch(chunk.Select(i => tokens[i]).ToArray(), tokenizer.PadId);
            var ids = tensor(b.Ids, [b.Count, b.Length]);
            var mask = tensor(b.Mask, [b.Count, b.Length]);
            var h = bert.call(ids, mask);
            var m = mask.to_type(h.dtype).unsqueeze(2);
            var logits = head.call((h * m).sum(1) / m.sum(1));
            var loss = nn.functional.cross_entropy(logits, torch.randint(0, 7, [b.Count], dtype: ScalarType.Int64));
            loss.item<float>();
            double fwd = Lap();
            optimizer.ZeroGrad();
            loss.backward();
            double bwd = Lap();
            nn.utils.clip_grad_norm_(parameters, 1.0);
            double clip = Lap();
            optimizer.Step();
            double opt = Lap();
            if (s < 0) { total.Restart(); continue; }
            phases[0] += fwd; phases[1] += bwd; phases[2] += clip; phases[3] += opt;
            utterances += b.Count;
        }
        double seconds = total.Elapsed.TotalSeconds;
        return (utterances / seconds, phases.Select(p => p / steps).ToArray(), Sure.IO.TensorData.FromModule(bert));
    }

    private static List<string> Texts(string? data, int count)
    {
        if (data is not null)
        {
            var ds = DatasetLoader.Load(data, new DatasetLoadOptions(), out _);
            var all = ds.Dialogues.SelectMany(d => d.Utterances).Select(u => u.Text ?? "").ToList();
            var rng = new Random(7);
            return all.OrderBy(_ => rng.Next()).Take(count).ToList();
        }
        string[] words = ["i", "you", "really", "think", "that", "we", "should", "go", "home", "now", "okay", "well", "what", "is", "this",
            "about", "don't", "know", "maybe", "it", "was", "great", "yeah", "oh", "my", "god", "please", "just", "tell", "me"];
        var r = new Random(7);
        return Enumerable.Range(0, count).Select(_ => string.Join(' ', Enumerable.Range(0, r.Next(5, 31)).Select(_ => words[r.Next(words.Length)]))).ToList();
    }
}
