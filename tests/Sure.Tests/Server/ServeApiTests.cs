using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sure.Inference;
using Sure.Server;

namespace Sure.Tests.Server;

/// <summary><c>sure serve</c>'s endpoints in-process (TestServer): answers equal <see cref="SurePredictor"/>'s, in the
/// record of <c>sure predict</c>; sessions equal the whole-conversation prediction at every turn.</summary>
public class ServeApiTests(ServedModels models) : IClassFixture<ServedModels>
{
    [Fact]
    public async Task PredictLabelsEveryTurnAsTheLibraryDoesInSurePredictsRecord()
    {
        await using var server = await ServerUnderTest.InMemory(models.Bidirectional);
        var conversation = ServedModels.RandomConversation(new Random(1), "call-17", 6);
        var body = await ServerUnderTest.Json(await server.Post("/v1/predict", ServedModels.ConversationJson(conversation)));
        Assert.Equal("call-17", (string?)body["conversation"]);
        var expected = models.Bidirectional.Predict(conversation);
        var turns = body["turns"]!.AsArray();
        Assert.Equal(expected.Count, turns.Count);
        for (int i = 0; i < expected.Count; i++) ServedModels.AssertSameRecord(expected[i], turns[i]);

        // the same field names, in the same order, as sure predict's JSONL
        var line = new StringWriter();
        new PredictionWriter(line, PredictionFormat.Jsonl, models.Bidirectional.ClassNames).Write(expected[0]);
        var names = JsonNode.Parse(line.ToString())!.AsObject().Select(kv => kv.Key).ToList();
        Assert.Equal(["conversation", "index", "speaker", "text", "label", "label_name", "probabilities", "confidence", "entropy", "routing", "expert_uncertainty", "known_word_share"], names);
        Assert.Equal(names, turns[0]!.AsObject().Select(kv => kv.Key));
        Assert.Equal(3, turns[0]!["routing"]!["text"]!.AsArray().Count);
    }

    [Fact]
    public async Task AGoldLabelIsEchoedAndAConversationWithoutIdIsCalledOne()
    {
        await using var server = await ServerUnderTest.InMemory(models.Causal);
        var turn = ServedModels.TurnJson(ServedModels.RandomTurn(new Random(2), 0));
        turn["label"] = "upset";
        var body = await ServerUnderTest.Json(await server.Post("/v1/predict", new JsonObject { ["turns"] = new JsonArray(turn) }));
        Assert.Equal("1", (string?)body["conversation"]);
        Assert.Equal("upset", (string?)body["turns"]![0]!["gold"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASessionEqualsTheWholeConversationPredictionAtEveryTurn(bool causal)
    {
        var predictor = causal ? models.Causal : models.Bidirectional;
        await using var server = await ServerUnderTest.InMemory(predictor);
        var created = await ServerUnderTest.Json(await server.Client.PostAsync("/v1/sessions", null), 201);
        var id = (string)created["id"]!;
        Assert.Equal(causal, (bool)created["causal"]!);
        var rng = new Random(causal ? 3 : 4);
        var turns = new List<Turn>();
        for (int k = 0; k < 8; k++)
        {
            var turn = ServedModels.RandomTurn(rng, k);
            turns.Add(turn);
            var update = await ServerUnderTest.Json(await server.Post($"/v1/sessions/{id}/utterances", ServedModels.TurnJson(turn)));
            var whole = predictor.Predict(new Conversation(id, turns.ToList()));
            Assert.Equal(id, (string?)update["session"]);
            ServedModels.AssertSameRecord(whole[^1], update["prediction"]);
            var revised = update["revised"]!.AsArray();
            if (causal) Assert.Empty(revised);
            else
            {
                Assert.Equal(k, revised.Count);
                for (int i = 0; i < k; i++) ServedModels.AssertSameRecord(whole[i], revised[i]);
            }
            // the session's latest predictions of all turns so far: the whole conversation's
            var state = await ServerUnderTest.Json(await server.Client.GetAsync($"/v1/sessions/{id}"));
            var all = state["turns"]!.AsArray();
            Assert.Equal(k + 1, all.Count);
            for (int i = 0; i <= k; i++) ServedModels.AssertSameRecord(whole[i], all[i]);
        }
        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync($"/v1/sessions/{id}")).StatusCode);
        await ServerUnderTest.Problem(await server.Client.GetAsync($"/v1/sessions/{id}"), 404, "id");
        await ServerUnderTest.Problem(await server.Client.DeleteAsync($"/v1/sessions/{id}"), 404, "id");
    }

    [Fact]
    public void PredictorSessionRejectsAnUnreadableTurnAndKeepsItsTurns()
    {
        using var session = new PredictorSession(models.Bidirectional, "s");
        session.Append(ServedModels.RandomTurn(new Random(5), 0));
        var e = Assert.Throws<Sure.Errors.SureDataException>(() => session.Append(new Turn("a", "text only")));
        Assert.Contains("utterance 1", e.Message);
        Assert.Equal(1, session.Count);
        Assert.Single(session.Predictions);
    }

    [Fact]
    public async Task ModelHealthMetricsOpenApiAndThePageAreServed()
    {
        await using var server = await ServerUnderTest.InMemory(models.Bidirectional, new ServeOptions { MaxTurns = 50 });
        var model = await ServerUnderTest.Json(await server.Client.GetAsync("/v1/model"));
        Assert.Equal(["calm", "upset"], model["classes"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(["text"], model["modalities"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(4, (int)model["dims"]!["text"]!);
        Assert.False((bool)model["causal"]!);
        Assert.Equal("features", (string?)model["text_front_end"]!["kind"]);
        Assert.NotNull(model["metrics"]!["test"]!["weighted_f1"]);
        Assert.Equal(50, (int)model["limits"]!["max_turns"]!);
        Assert.Equal("model.sure", (string?)model["file"]); // the file's name, not its folder

        var health = await server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", (await health.Content.ReadAsStringAsync()).Trim());

        await server.Post("/v1/predict", ServedModels.ConversationJson(ServedModels.RandomConversation(new Random(6), "m", 3)));
        await server.Client.PostAsync("/v1/sessions", null);
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("sure_http_requests_total{endpoint=\"/v1/predict\",method=\"POST\",status=\"200\"} 1", metrics);
        Assert.Contains("sure_http_request_duration_seconds_bucket{endpoint=\"/v1/predict\",method=\"POST\",le=", metrics);
        Assert.Contains("sure_sessions_open 1", metrics);
        Assert.Contains("sure_turns_predicted_total 3", metrics);

        var openapi = JsonNode.Parse(await server.Client.GetStringAsync("/openapi/v1.json"))!;
        var paths = openapi["paths"]!.AsObject().Select(kv => kv.Key).ToList();
        Assert.Contains("/v1/predict", paths);
        Assert.Contains("/v1/sessions/{id}/utterances", paths);
        Assert.Contains("/v1/model", paths);
        Assert.NotNull(openapi["paths"]!["/v1/predict"]!["post"]!["requestBody"]);
        var schemas = openapi["components"]!["schemas"]!.AsObject();
        Assert.True(schemas["PredictionRecord"]!["properties"]!.AsObject().ContainsKey("expert_uncertainty"));
        Assert.True(schemas["TurnRequest"]!["properties"]!.AsObject().ContainsKey("speaker"));

        var page = await server.Client.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"app.js\"", html);
        Assert.Contains("id=\"chart\"", html); // the chart of each speaker's emotion over the turns, drawn by app.js
        var js = await server.Client.GetStringAsync("/app.js");
        Assert.Contains("/v1/sessions", js);
        Assert.Contains("function renderChart()", js);
    }
}
