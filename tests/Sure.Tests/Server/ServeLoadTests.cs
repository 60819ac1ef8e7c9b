using System.Diagnostics;
using System.Text.Json.Nodes;
using Sure.Inference;
using Xunit.Abstractions;

namespace Sure.Tests.Server;

/// <summary>Many clients at once get the answers one client gets; a short load test on loopback, bounded in requests
/// and time, reports throughput and latency.</summary>
public class ServeLoadTests(ServedModels models, ITestOutputHelper output) : IClassFixture<ServedModels>
{
    private static JsonArray Expected(SurePredictor predictor, Conversation c) =>
        new(predictor.Predict(c).Select(p => (JsonNode?)ServedModels.Record(p)).ToArray());

    [Fact]
    public async Task SixtyFourConcurrentClientsGetTheSameAnswersAsSerialRequests()
    {
        await using var server = await ServerUnderTest.InMemory(models.Bidirectional);
        var rng = new Random(7);
        var conversations = Enumerable.Range(0, 48).Select(c => ServedModels.RandomConversation(rng, $"c{c}", 1 + c % 9)).ToList();
        var serial = new List<JsonNode>();
        foreach (var c in conversations) serial.Add((await ServerUnderTest.Json(await server.Post("/v1/predict", ServedModels.ConversationJson(c))))["turns"]!);
        for (int i = 0; i < conversations.Count; i++) Assert.True(ServedModels.SameRecord(Expected(models.Bidirectional, conversations[i]), serial[i]));

        // 64 clients at once: 48 send whole conversations (micro-batched: padded with others, equal up to float rounding,
        // so up to the records' last decimal), 16 hold live sessions of 4 turns each
        var sessionTurns = Enumerable.Range(0, 16).Select(s => Enumerable.Range(0, 4).Select(i => ServedModels.RandomTurn(rng, i)).ToList()).ToList();
        var parallel = new JsonNode[48];
        var sessions = new (string Id, JsonNode Turns)[16];
        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            if (i < 48)
            {
                parallel[i] = (await ServerUnderTest.Json(await server.Post("/v1/predict", ServedModels.ConversationJson(conversations[i]))))["turns"]!;
                return;
            }
            var id = (string)(await ServerUnderTest.Json(await server.Client.PostAsync("/v1/sessions", null), 201))["id"]!;
            foreach (var t in sessionTurns[i - 48]) await ServerUnderTest.Json(await server.Post($"/v1/sessions/{id}/utterances", ServedModels.TurnJson(t)));
            sessions[i - 48] = (id, (await ServerUnderTest.Json(await server.Client.GetAsync($"/v1/sessions/{id}")))["turns"]!);
        })));
        for (int i = 0; i < 48; i++) Assert.True(ServedModels.SameRecord(serial[i], parallel[i]), $"conversation {i} differs under load");
        for (int s = 0; s < 16; s++)
            Assert.True(ServedModels.SameRecord(Expected(models.Bidirectional, new Conversation(sessions[s].Id, sessionTurns[s])), sessions[s].Turns), $"session {s} differs");
    }

    [Fact]
    public async Task AShortLoadTestOnLoopbackAnswersEveryRequestCorrectly()
    {
        // bounded: at most 400 requests and 15 seconds, 8 clients, 127.0.0.1 only
        const int MaxRequests = 400, Clients = 8;
        var deadline = TimeSpan.FromSeconds(15);
        await using var server = await ServerUnderTest.Loopback(models.Causal);
        var conversation = ServedModels.RandomConversation(new Random(8), "load", 10);
        var body = ServedModels.ConversationJson(conversation).ToJsonString();
        var expected = Expected(models.Causal, conversation);
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        int sent = 0, wrong = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref sent) <= MaxRequests && clock.Elapsed < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                var response = await server.Post("/v1/predict", body);
                var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode || !ServedModels.SameRecord(expected, answer!["turns"])) Interlocked.Increment(ref wrong);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToArray();
        Assert.Equal(0, wrong);
        Assert.True(sorted.Length >= 50, $"only {sorted.Length} requests in {seconds:F1} s");
        output.WriteLine($"/v1/predict, 10 turns, {Clients} clients on {server.Address}: {sorted.Length} requests in {seconds:F2} s = {sorted.Length / seconds:F0}/s; " +
            $"p50 {sorted[sorted.Length / 2]:F1} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F1} ms");
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains($"sure_http_requests_total{{endpoint=\"/v1/predict\",method=\"POST\",status=\"200\"}} {sorted.Length}", metrics);
    }
}
