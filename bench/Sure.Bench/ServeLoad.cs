using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Sure.Bench;

/// <summary>
/// A bounded load test of a running <c>sure serve</c> on this machine (loopback addresses only): for each client count,
/// that many clients send at most <c>requests</c> whole conversations of <c>turns</c> turns to <c>/v1/predict</c>
/// (stopping after <c>seconds</c>), each client one request at a time. The turns fit the served model: text for a model
/// that reads text, random vectors of the right sizes for one that reads given vectors (from <c>/v1/model</c>).
/// Reports throughput, latency percentiles of the answered requests, refusals (503) and other errors, and the server's
/// resident memory sampled every 250 ms (from /proc when <c>pid</c> is given, else the server's
/// <c>process_working_set_bytes</c> metric):
///   dotnet run -c Release --project bench/Sure.Bench -- serve-load [url=http://127.0.0.1:5055] [clients=1,8,64]
///       [requests=1280] [turns=10] [seconds=120] [pid=SERVER_PID] [api-key=KEY] [timeline=SECONDS]
/// Prints a markdown table, one row per client count, with the load average beside it. With <c>timeline</c>, also
/// prints every that many seconds of each row the requests answered so far, the server's resident memory and its .NET
/// heap (the server's <c>dotnet_total_memory_bytes</c> metric): memory over a long load. Results: docs/benchmarks.md.
/// </summary>
public static class ServeLoad
{
    private static readonly string[] Texts =
    [
        "How can I help you today?", "My card was charged twice!", "I am so sorry to hear that.",
        "This is the third time this month.", "Let me fix that for you right away.", "Thank you, that is great.",
    ];

    public static int Run(string[] args)
    {
        var s = new Dictionary<string, string>
        {
            ["url"] = "http://127.0.0.1:5055", ["clients"] = "1,8,64", ["requests"] = "1280", ["turns"] = "10", ["seconds"] = "120", ["pid"] = "", ["api-key"] = "", ["timeline"] = "0",
        };
        if (!BenchArgs.TryRead("serve-load", args, s)) return 2;
        var url = new Uri(s["url"]);
        if (!Dns.GetHostAddresses(url.Host).All(IPAddress.IsLoopback))
        {
            Console.Error.WriteLine($"serve-load: {url}: not a loopback address; this load test only targets this machine.");
            return 2;
        }
        int requests = int.Parse(s["requests"], CultureInfo.InvariantCulture), turns = int.Parse(s["turns"], CultureInfo.InvariantCulture);
        var seconds = double.Parse(s["seconds"], CultureInfo.InvariantCulture);
        int? pid = s["pid"] == "" ? null : int.Parse(s["pid"], CultureInfo.InvariantCulture);
        var timeline = TimeSpan.FromSeconds(double.Parse(s["timeline"], CultureInfo.InvariantCulture));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = url, Timeout = TimeSpan.FromSeconds(60),
        };
        if (s["api-key"] != "") http.DefaultRequestHeaders.Add("X-Api-Key", s["api-key"]);
        var model = JsonNode.Parse(http.GetStringAsync("/v1/model").GetAwaiter().GetResult())!;
        var body = Body(model, turns);
        Console.WriteLine($"serve-load: {url} ({(string?)model["file"]}, text front end {(string?)model["text_front_end"]?["kind"]}), /v1/predict, {turns}-turn conversations, " +
            $"at most {requests} requests or {seconds} s per row; {Environment.ProcessorCount} cores.");
        Console.WriteLine("| clients | answered | 503 | errors | s | requests/s | turns/s | p50 ms | p95 ms | p99 ms | server RSS MiB (start → max, end) | load (1 min) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        Post(http, body).GetAwaiter().GetResult(); // warm-up
        foreach (var clients in s["clients"].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)))
            Row(http, body, clients, requests, turns, TimeSpan.FromSeconds(seconds), pid, timeline).GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>A conversation of <paramref name="turns"/> turns that fits the served model.</summary>
    private static string Body(JsonNode model, int turns)
    {
        var rng = new Random(1);
        var frontEnds = (model["front_ends"]?.AsArray() ?? []).Select(f => (string?)f?["modality"]).ToHashSet();
        var textGiven = (string?)model["text_front_end"]?["kind"] == "features";
        var list = new JsonArray();
        for (int i = 0; i < turns; i++)
        {
            var turn = new JsonObject { ["speaker"] = i % 2 == 0 ? "agent" : "customer", ["text"] = Texts[i % Texts.Length] };
            var features = new JsonObject();
            foreach (var m in model["modalities"]!.AsArray().Select(x => (string)x!))
            {
                if ((m == "text" && !textGiven) || (m != "text" && frontEnds.Contains(m))) continue;
                int dim = (int)model["dims"]![m]!;
                features[m] = new JsonArray([.. Enumerable.Range(0, dim).Select(_ => (JsonNode?)Math.Round(rng.NextDouble() * 2 - 1, 4))]);
            }
            if (features.Count > 0) turn["features"] = features;
            list.Add(turn);
        }
        return new JsonObject { ["id"] = "load", ["turns"] = list }.ToJsonString();
    }

    private static async Task<(int Status, double Ms)> Post(HttpClient http, string body)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync("/v1/predict", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.Content.ReadAsByteArrayAsync();
        return ((int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static async Task Row(HttpClient http, string body, int clients, int requests, int turns, TimeSpan limit, int? pid, TimeSpan timeline)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        int sent = 0, refused = 0, errors = 0;
        var rss = new List<double> { await Rss(http, pid) };
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try { await Task.Delay(250, stop.Token); } catch (OperationCanceledException) { break; }
                var r = await Rss(http, pid);
                lock (rss) rss.Add(r);
            }
        });
        var clock = Stopwatch.StartNew();
        var timelineTask = timeline > TimeSpan.Zero ? Timeline(http, pid, clients, timeline, clock, () => latencies.Count, stop.Token) : Task.CompletedTask;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref sent) <= requests && clock.Elapsed < limit)
            {
                try
                {
                    var (status, ms) = await Post(http, body);
                    if (status == 200) latencies.Add(ms);
                    else if (status == 503) Interlocked.Increment(ref refused);
                    else Interlocked.Increment(ref errors);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SocketException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var took = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await sampler;
        await timelineTask;
        var end = await Rss(http, pid);
        var sorted = latencies.Order().ToArray();
        double P(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {clients} | {sorted.Length} | {refused} | {errors} | {took:F1} | {sorted.Length / took:F1} | {sorted.Length * turns / took:F0} | {P(0.5):F1} | {P(0.95):F1} | {P(0.99):F1} | {rss[0]:F0} → {rss.Max():F0}, {end:F0} | {load} |"));
    }

    /// <summary>Every <paramref name="every"/> until stopped: seconds, requests answered, the server's resident memory and
    /// .NET heap (MiB), the load average; one markdown row each.</summary>
    private static async Task Timeline(HttpClient http, int? pid, int clients, TimeSpan every, Stopwatch clock, Func<int> answered, CancellationToken stop)
    {
        Console.WriteLine($"timeline, {clients} clients:");
        Console.WriteLine("| s | answered | server RSS MiB | server .NET heap MiB | load (1 min) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(every, stop); } catch (OperationCanceledException) { }
            var heap = await Metric(http, "dotnet_total_memory_bytes") / (1 << 20);
            var rss = await Rss(http, pid);
            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {clock.Elapsed.TotalSeconds:F0} | {answered()} | {rss:F0} | {heap:F1} | {load} |"));
        }
    }

    /// <summary>The value of an unlabelled metric of the server's /metrics (NaN where absent).</summary>
    private static async Task<double> Metric(HttpClient http, string name)
    {
        var line = (await http.GetStringAsync("/metrics")).Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>The server's resident memory in MiB: /proc/PID/status VmRSS, or its process_working_set_bytes metric.</summary>
    private static async Task<double> Rss(HttpClient http, int? pid)
    {
        if (pid is { } p)
        {
            var line = File.ReadLines($"/proc/{p}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        return await Metric(http, "process_working_set_bytes") / (1 << 20);
    }
}
