using System.Text.Json.Nodes;
using Sure.Server;

namespace Sure.Tests.Server;

/// <summary>Micro-batching of POST /v1/predict: requests within the window run as one pass, a full queue is refused
/// with 503 and Retry-After, and one request's bad data fails only that request.</summary>
public class ServeBatchingTests(ServedModels models) : IClassFixture<ServedModels>
{
    /// <summary>Waits until /metrics shows <paramref name="line"/> (the server's state, not a sleep of a guessed length).</summary>
    private static async Task WaitForMetric(ServerUnderTest server, string line)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!(await server.Client.GetStringAsync("/metrics")).Split('\n').Contains(line))
        {
            Assert.True(DateTime.UtcNow < until, $"/metrics never showed '{line}'");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task AFullQueueIsRefusedWith503AndRetryAfterAndTheQueuedRequestsRunAsOneBatch()
    {
        // a long window holds the first two requests in the queue (2 = --max-queue): the third finds it full
        await using var server = await ServerUnderTest.InMemory(models.Bidirectional, new ServeOptions { BatchWindow = TimeSpan.FromSeconds(8), MaxQueue = 2, WindowEvenAlone = true });
        var rng = new Random(3);
        var calls = Enumerable.Range(0, 3).Select(i => ServedModels.RandomConversation(rng, $"q{i}", 2 + 3 * i)).ToList();
        var first = server.Post("/v1/predict", ServedModels.ConversationJson(calls[0]));
        await WaitForMetric(server, "sure_predict_queued 1");
        var second = server.Post("/v1/predict", ServedModels.ConversationJson(calls[1]));
        await WaitForMetric(server, "sure_predict_queued 2");
        var refused = await server.Post("/v1/predict", ServedModels.ConversationJson(calls[2]));
        var problem = await ServerUnderTest.Problem(refused, 503);
        Assert.Contains("--max-queue", (string)problem["detail"]!);
        Assert.Equal(TimeSpan.FromSeconds(PredictBatcher.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("sure_predict_queue_full_total 1", await server.Client.GetStringAsync("/metrics"));
        // the two queued ones: answered after the window, in one pass, each its own conversation's labels
        var answers = new[] { await ServerUnderTest.Json(await first), await ServerUnderTest.Json(await second) };
        for (int i = 0; i < 2; i++)
        {
            var expected = models.Bidirectional.Predict(calls[i]);
            Assert.Equal(calls[i].Id, (string)answers[i]["conversation"]!);
            var turns = answers[i]["turns"]!.AsArray();
            Assert.Equal(expected.Count, turns.Count);
            for (int t = 0; t < turns.Count; t++) ServedModels.AssertSameRecord(expected[t], turns[t]);
        }
        var metrics = (await server.Client.GetStringAsync("/metrics")).Split('\n');
        Assert.Contains("sure_predict_batch_conversations_count 1", metrics);
        Assert.Contains("sure_predict_batch_conversations_sum 2", metrics);
        // the queue has room again
        await ServerUnderTest.Json(await server.Post("/v1/predict", ServedModels.ConversationJson(calls[2])));
    }

    [Fact]
    public async Task ABadRequestInABatchFailsAloneAndTheOthersAreAnswered()
    {
        await using var server = await ServerUnderTest.InMemory(models.Causal, new ServeOptions { BatchWindow = TimeSpan.FromSeconds(8), MaxBatchTurns = 9, WindowEvenAlone = true });
        var rng = new Random(4);
        var good = ServedModels.RandomConversation(rng, "good", 4);
        var bad = ServedModels.ConversationJson(ServedModels.RandomConversation(rng, "bad", 5));
        bad["turns"]![3]!["features"]!["text"] = new JsonArray(1, 2);   // 2 values; the model reads 4
        var goodAnswer = server.Post("/v1/predict", ServedModels.ConversationJson(good));
        await WaitForMetric(server, "sure_predict_queued 1");
        // 4 + 5 turns reach --max-batch-turns 9: the batch runs at once, without waiting out the window
        var problem = await ServerUnderTest.Problem(await server.Post("/v1/predict", bad), 422, "turns[3]");
        Assert.Contains("features.text has 2 values, the model expects 4", (string)problem["detail"]!);
        var turns = (await ServerUnderTest.Json(await goodAnswer))["turns"]!.AsArray();
        var expected = models.Causal.Predict(good);
        for (int t = 0; t < turns.Count; t++) ServedModels.AssertSameRecord(expected[t], turns[t]);
    }
}
