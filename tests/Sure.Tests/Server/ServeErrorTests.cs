using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Sure.Server;

namespace Sure.Tests.Server;

/// <summary>Bad requests get 4xx with an application/problem+json body naming the field, never a 500; limits, the
/// API key, CORS and idle sessions.</summary>
public class ServeErrorTests(ServedModels models) : IClassFixture<ServedModels>
{
    private const string Vector = "\"features\": {\"text\": [1, 0, 0.5, 0]}";

    public static TheoryData<string, int, string> BadPredictBodies => new()
    {
        { "{\"turns\": [", 400, "body" },                                                        // malformed JSON: never a turn that is not there
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"hi\"}, ", 400, "body" },
        { "{turns: []}", 400, "body" },
        { "[1, 2]", 400, "body" },                                                               // not an object
        { "null", 400, "body" },
        { "", 400, "body" },
        { "{}", 400, "turns" },                                                                  // missing field
        { "{\"turns\": []}", 400, "turns" },
        { "{\"turns\": 3}", 400, "turns" },                                                      // wrong type
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"hi\", " + Vector + "}], \"lang\": \"en\"}", 400, "lang" }, // unknown field
        { "{\"turns\": [{\"speeker\": \"a\", \"text\": \"hi\"}]}", 400, "turns[0].speeker" },
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"hi\", " + Vector + "}, {\"text\": \"hi\", " + Vector + "}]}", 400, "turns[1].speaker" },
        { "{\"turns\": [{\"speaker\": 5, \"text\": \"hi\"}]}", 400, "turns[0].speaker" },
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"hi\", \"features\": {\"text\": [1, \"x\", 0, 0]}}]}", 400, "turns[0].features.text[1]" },
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"hi\", \"features\": {\"smell\": [1]}}]}", 400, "turns[0].features.smell" },
        { "{\"turns\": [null]}", 400, "turns[0]" },
        { "{\"turns\": [{\"speaker\": \"a\"}]}", 400, "turns[0].text" },
        { "{\"id\": \"\", \"turns\": [{\"speaker\": \"a\", \"text\": \"hi\"}]}", 400, "id" },
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"hi\", \"features\": {\"text\": [1, 2]}}]}", 422, "turns[0]" },      // wrong vector size
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"hi\"}, {\"speaker\": \"b\", \"text\": \"yo\", " + Vector + "}]}", 422, "turns[0]" }, // no vector
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"hi\", \"label\": \"angry\", " + Vector + "}]}", 422, "turns[0]" },  // unknown class
    };

    [Theory]
    [MemberData(nameof(BadPredictBodies))]
    public async Task ABadPredictRequestIsRefusedNamingTheField(string body, int status, string field)
    {
        await using var server = await ServerUnderTest.InMemory(models.Bidirectional);
        var problem = await ServerUnderTest.Problem(await server.Post("/v1/predict", body), status, field);
        var detail = (string)problem["detail"]!;
        Assert.DoesNotContain('\n', detail);
        Assert.DoesNotContain("System.", detail); // no .NET type names
        if (status == 400) Assert.StartsWith(field, detail);
    }

    public static TheoryData<string, string> WrongTypes => new()
    {
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": 5}]}", "turns[0].text: expected a string, got a number." },
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": true}]}", "turns[0].text: expected a string, got a boolean." },
        { "{\"turns\": [{\"speaker\": [\"a\"], \"text\": \"hi\"}]}", "turns[0].speaker: expected a string, got an array." },
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"hi\", \"label\": {}}]}", "turns[0].label: expected a string, got an object." },
        { "{\"id\": 7, \"turns\": [{\"speaker\": \"a\", \"text\": \"hi\"}]}", "id: expected a string, got a number." },
        { "{\"turns\": 3}", "turns: expected an array of turns, got a number." },
        { "{\"turns\": [\"hi\"]}", "turns[0]: expected an object {speaker, text, features?, label?, audio?}, got a string." },
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"hi\", \"features\": {\"text\": 1}}]}", "turns[0].features.text: expected an array of numbers, got a number." },
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"hi\", \"features\": {\"text\": [1, \"x\", 0, 0]}}]}", "turns[0].features.text[1]: expected a number, got a string." },
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"\\ud800\"}]}", "turns[0].text: a string holds a lone surrogate escape (\\uD800–\\uDFFF without its pair), which is not text." },
        { "{\"turns\": [{\"speaker\": \"a\", \"text\": \"hi\", \"features\": {\"audio\": [1]}}]}", "turns[0].features.audio: this model does not read audio (modalities: text); leave features.audio out." },
    };

    [Fact]
    public void The_predictor_says_which_given_vectors_it_reads()
    {
        var p = models.Bidirectional; // reads text as given 4-d vectors
        Assert.Null(p.WhyNotRead("text"));
        Assert.Null(p.WhyNotRead("T"));
        Assert.Equal("this model does not read visual (modalities: text); leave features.v out.", p.WhyNotRead("v"));
        Assert.Equal("'smell' is not a modality (text, audio, visual); leave features.smell out.", p.WhyNotRead("smell"));
    }

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task AValueOfTheWrongTypeNamesTheTypeExpectedAndTheTypeGiven(string body, string detail)
    {
        await using var server = await ServerUnderTest.InMemory(models.Bidirectional);
        var problem = await ServerUnderTest.Problem(await server.Post("/v1/predict", body), 400);
        Assert.Equal(detail, (string?)problem["detail"]);
    }

    [Fact]
    public async Task BytesThatAreNotUtf8AreSaidToBeSo()
    {
        await using var server = await ServerUnderTest.InMemory(models.Bidirectional);
        var bytes = System.Text.Encoding.UTF8.GetBytes("{\"turns\": [{\"speaker\": \"a\", \"text\": \"caf\u00e9\"}]}");
        int e = Array.IndexOf(bytes, (byte)0xC3);
        var latin1 = bytes[..e].Append((byte)0xE9).Concat(bytes[(e + 2)..]).ToArray(); // "café" in Latin-1
        var content = new ByteArrayContent(latin1);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var problem = await ServerUnderTest.Problem(await server.Client.PostAsync("/v1/predict", content), 400, "turns[0].text");
        Assert.Equal("turns[0].text: a string holds bytes that are not UTF-8; send the body as UTF-8 text.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task A415SaysToSendJsonAnd415And405AreCountedUnderTheirEndpoint()
    {
        await using var server = await ServerUnderTest.InMemory(models.Bidirectional);
        var problem = await ServerUnderTest.Problem(await server.Post("/v1/predict", "turns=1", "application/x-www-form-urlencoded"), 415);
        Assert.Contains("Content-Type: application/json", (string)problem["detail"]!);
        problem = await ServerUnderTest.Problem(await server.Client.GetAsync("/v1/predict"), 405);
        Assert.Contains("GET is not allowed on /v1/predict", (string)problem["detail"]!);
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("sure_http_requests_total{endpoint=\"/v1/predict\",method=\"POST\",status=\"415\"} 1", metrics);
        Assert.Contains("sure_http_requests_total{endpoint=\"/v1/predict\",method=\"GET\",status=\"405\"} 1", metrics);
        Assert.DoesNotContain("endpoint=\"unmatched\"", metrics);
    }

    [Fact]
    public async Task LimitsOnBodySizeTurnsAndTextAreEnforced()
    {
        await using var server = await ServerUnderTest.InMemory(models.Bidirectional, new ServeOptions { MaxRequestBytes = 4096, MaxTurns = 3, MaxTextChars = 20 });
        var turn = "{\"speaker\": \"a\", \"text\": \"hi\", " + Vector + "}";
        var problem = await ServerUnderTest.Problem(await server.Post("/v1/predict", "{\"turns\": [" + turn + new string(' ', 5000) + "]}"), 413, "body");
        Assert.Contains("--max-request-bytes", (string)problem["detail"]!);
        problem = await ServerUnderTest.Problem(await server.Post("/v1/predict", $"{{\"turns\": [{turn}, {turn}, {turn}, {turn}]}}"), 400, "turns");
        Assert.Contains("over the limit of 3 (--max-turns)", (string)problem["detail"]!);
        await ServerUnderTest.Problem(await server.Post("/v1/predict", "{\"turns\": [{\"speaker\": \"a\", \"text\": \"" + new string('x', 21) + "\", " + Vector + "}]}"), 400, "turns[0].text");
        await ServerUnderTest.Json(await server.Post("/v1/predict", $"{{\"turns\": [{turn}, {turn}, {turn}]}}"));

        // a session takes at most --max-turns turns
        var id = (string)(await ServerUnderTest.Json(await server.Client.PostAsync("/v1/sessions", null), 201))["id"]!;
        for (int i = 0; i < 3; i++) await ServerUnderTest.Json(await server.Post($"/v1/sessions/{id}/utterances", turn));
        await ServerUnderTest.Problem(await server.Post($"/v1/sessions/{id}/utterances", turn), 409, "id");
        await ServerUnderTest.Problem(await server.Post($"/v1/sessions/{id}/utterances", "{\"speaker\": \"a\", \"text\": \"hi\", \"features\": {\"text\": [1]}}"), 409);
    }

    [Fact]
    public async Task OtherMistakesAreProblemsToo()
    {
        await using var server = await ServerUnderTest.InMemory(models.Bidirectional);
        await ServerUnderTest.Problem(await server.Post("/v1/predict", "turns=1", "application/x-www-form-urlencoded"), 415);
        await ServerUnderTest.Problem(await server.Client.GetAsync("/v1/nothing-here"), 404);
        await ServerUnderTest.Problem(await server.Client.GetAsync("/v1/predict"), 405);
        await ServerUnderTest.Problem(await server.Post("/v1/sessions/s_unknown/utterances", "{\"speaker\": \"a\", \"text\": \"hi\"}"), 404, "id");
        var id = (string)(await ServerUnderTest.Json(await server.Client.PostAsync("/v1/sessions", null), 201))["id"]!;
        await ServerUnderTest.Problem(await server.Post($"/v1/sessions/{id}/utterances", "{\"speaker\": \"a\", \"text\": \"hi\", \"features\": {\"text\": [1]}}"), 422);
        await ServerUnderTest.Problem(await server.Post($"/v1/sessions/{id}/utterances", "{\"speaker\": \"a\", \"txt\": \"hi\"}"), 400, "txt");
        Assert.Empty((await ServerUnderTest.Json(await server.Client.GetAsync($"/v1/sessions/{id}")))["turns"]!.AsArray()); // refused turns are not kept
    }

    [Fact]
    public async Task TooManySessionsAre429AndIdleSessionsExpire()
    {
        var clock = new ManualClock();
        await using var server = await ServerUnderTest.InMemory(models.Causal, new ServeOptions { MaxSessions = 2, SessionIdleTimeout = TimeSpan.FromMinutes(10), Clock = clock });
        var a = (string)(await ServerUnderTest.Json(await server.Client.PostAsync("/v1/sessions", null), 201))["id"]!;
        clock.Advance(TimeSpan.FromMinutes(6));
        var b = (string)(await ServerUnderTest.Json(await server.Client.PostAsync("/v1/sessions", null), 201))["id"]!;
        Assert.NotEqual(a, b);
        var problem = await ServerUnderTest.Problem(await server.Client.PostAsync("/v1/sessions", null), 429);
        Assert.Contains("--max-sessions", (string)problem["detail"]!);
        clock.Advance(TimeSpan.FromMinutes(5)); // a: idle 11 minutes, expired; b: 5
        await ServerUnderTest.Json(await server.Client.PostAsync("/v1/sessions", null), 201);
        await ServerUnderTest.Problem(await server.Client.GetAsync($"/v1/sessions/{a}"), 404, "id");
        await ServerUnderTest.Json(await server.Client.GetAsync($"/v1/sessions/{b}")); // used now: b's idle time starts again
        clock.Advance(TimeSpan.FromMinutes(9));
        await ServerUnderTest.Json(await server.Client.GetAsync($"/v1/sessions/{b}"));
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("sure_sessions_open 2", metrics);
        Assert.Contains("sure_sessions_expired_total 1", metrics);
    }

    [Fact]
    public async Task WithAnApiKeyTheApiNeedsItAndHealthAndThePageDoNot()
    {
        await using var server = await ServerUnderTest.InMemory(models.Bidirectional, new ServeOptions { ApiKey = "s3cret-key-1" });
        var problem = await ServerUnderTest.Problem(await server.Client.GetAsync("/v1/model"), 401);
        Assert.Contains("X-Api-Key", (string)problem["detail"]!);
        await ServerUnderTest.Problem(await server.Client.GetAsync("/metrics"), 401);
        await ServerUnderTest.Problem(await server.Client.GetAsync("/openapi/v1.json"), 401);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/")).StatusCode);

        var wrong = new HttpRequestMessage(HttpMethod.Get, "/v1/model");
        wrong.Headers.Add("X-Api-Key", "s3cret-key-2");
        Assert.Contains("wrong", (string)(await ServerUnderTest.Problem(await server.Client.SendAsync(wrong), 401))["detail"]!);
        var header = new HttpRequestMessage(HttpMethod.Get, "/v1/model");
        header.Headers.Add("X-Api-Key", "s3cret-key-1");
        await ServerUnderTest.Json(await server.Client.SendAsync(header));
        var bearer = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-key-1");
        await ServerUnderTest.Json(await server.Client.SendAsync(bearer), 201);
    }

    [Fact]
    public async Task CorsIsOffUnlessOriginsAreGiven()
    {
        static HttpRequestMessage Preflight()
        {
            var r = new HttpRequestMessage(HttpMethod.Options, "/v1/predict");
            r.Headers.Add("Origin", "https://app.example.com");
            r.Headers.Add("Access-Control-Request-Method", "POST");
            return r;
        }
        await using (var server = await ServerUnderTest.InMemory(models.Bidirectional))
            Assert.False((await server.Client.SendAsync(Preflight())).Headers.Contains("Access-Control-Allow-Origin"));
        await using (var server = await ServerUnderTest.InMemory(models.Bidirectional, new ServeOptions { CorsOrigins = ["https://app.example.com"] }))
            Assert.Equal("https://app.example.com", (await server.Client.SendAsync(Preflight())).Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
