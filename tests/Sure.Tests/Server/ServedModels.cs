using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sure.Configuration;
using Sure.Data;
using Sure.Inference;
using Sure.Runs;
using Sure.Server;
using Sure.Tests.Data;
using Sure.Loading;

namespace Sure.Tests.Server;

/// <summary>Two tiny models trained once per test class on 4-d given vectors (two classes): one that reads the whole
/// conversation (bidirectional) and one causal; and helpers to make turns and compare answers.</summary>
public sealed class ServedModels : IDisposable
{
    private readonly TempDir _dir = new();

    public SurePredictor Bidirectional { get; }
    public SurePredictor Causal { get; }

    public ServedModels()
    {
        var data = Sure.Tests.Inference.ModelFileTests.VectorCorpus(_dir.Path);
        Bidirectional = Train(data, "bi", ContextMode.Bidirectional);
        Causal = Train(data, "causal", ContextMode.Causal);
    }

    private SurePredictor Train(string data, string name, ContextMode context)
    {
        var config = new SureConfig { Data = data, Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2, Epochs = 2, BatchSize = 8, Lr = 3e-3, Threads = 1, Context = context }.Validate();
        var run = _dir.File(name);
        TrainingRun.Execute(config, DataSource.Load(config), run);
        return SurePredictor.Open(Path.Combine(run, ModelFile.FileName));
    }

    /// <summary>A random turn with a 4-d text vector.</summary>
    public static Turn RandomTurn(Random rng, int i) =>
        new(i % 2 == 0 ? "agent" : "caller", $"turn {i}", null, new Dictionary<string, float[]> { ["text"] = Enumerable.Range(0, 4).Select(_ => (float)(rng.NextDouble() * 3 - 1)).ToArray() });

    public static Conversation RandomConversation(Random rng, string id, int turns) => new(id, Enumerable.Range(0, turns).Select(i => RandomTurn(rng, i)).ToList());

    /// <summary>A turn as the API takes it.</summary>
    public static JsonObject TurnJson(Turn t)
    {
        var o = new JsonObject { ["speaker"] = t.Speaker, ["text"] = t.Text };
        if (t.Features is not null) o["features"] = new JsonObject(t.Features.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonArray(kv.Value.Select(x => (JsonNode?)x).ToArray()))));
        return o;
    }

    public static JsonObject ConversationJson(Conversation c) => new() { ["id"] = c.Id, ["turns"] = new JsonArray(c.Turns.Select(t => (JsonNode?)TurnJson(t)).ToArray()) };

    /// <summary>A prediction as the server writes it (the record of <c>sure predict</c>).</summary>
    public static JsonNode Record(TurnPrediction p) => JsonSerializer.SerializeToNode(PredictionRecord.From(p), PredictionRecord.Json)!;

    /// <summary>The server's record equals <paramref name="expected"/>'s: same fields and text, numbers equal up to one unit of
    /// their last written (4th) decimal, since the record rounds values that agree within 1e-5 (the live/whole-conversation
    /// contract) and such values can fall on either side of a rounding boundary (0.37805 → 0.378 or 0.3781).</summary>
    public static void AssertSameRecord(TurnPrediction expected, JsonNode? got) =>
        Assert.True(SameRecord(Record(expected), got), $"expected {Record(expected).ToJsonString()}\n     got {got?.ToJsonString()}");

    /// <summary>Two records (or arrays of them) are the same up to one unit of their 4th decimal (<see cref="AssertSameRecord"/>).</summary>
    public static bool SameRecord(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(kv => y.ContainsKey(kv.Key) && SameRecord(kv.Value, y[kv.Key])),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => SameRecord(p.First, p.Second)),
        (JsonValue x, JsonValue y) when x.TryGetValue<double>(out var dx) && y.TryGetValue<double>(out var dy) => Math.Abs(dx - dy) <= 1.0001e-4,
        _ => JsonNode.DeepEquals(a, b),
    };

    public void Dispose()
    {
        Bidirectional.Dispose();
        Causal.Dispose();
        _dir.Dispose();
    }
}

/// <summary>A started server and a client for it: in memory (TestServer) or on a free loopback port (Kestrel).</summary>
public sealed class ServerUnderTest(WebApplication app, HttpClient client, Uri address) : IAsyncDisposable
{
    public WebApplication App { get; } = app;
    public HttpClient Client { get; } = client;
    public Uri Address { get; } = address;

    public static async Task<ServerUnderTest> InMemory(SurePredictor predictor, ServeOptions? options = null)
    {
        var app = SureServer.Build(predictor, options ?? new ServeOptions(), b =>
        {
            b.WebHost.UseTestServer();
            b.Logging.ClearProviders();
        });
        await app.StartAsync();
        var client = app.GetTestClient();
        return new ServerUnderTest(app, client, client.BaseAddress!);
    }

    public static async Task<ServerUnderTest> Loopback(SurePredictor predictor, ServeOptions? options = null)
    {
        var app = SureServer.Build(predictor, (options ?? new ServeOptions()) with { Urls = "http://127.0.0.1:0" }, b => b.Logging.ClearProviders());
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Assert.True(address.IsLoopback);
        return new ServerUnderTest(app, new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) }, address);
    }

    public Task<HttpResponseMessage> Post(string path, JsonNode body) => Post(path, body.ToJsonString());

    public Task<HttpResponseMessage> Post(string path, string body, string contentType = "application/json") =>
        Client.PostAsync(path, new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)));

    public static async Task<JsonNode> Json(HttpResponseMessage response, int status = 200)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Checks a refusal: its status and an application/problem+json body; returns the body.</summary>
    public static async Task<JsonNode> Problem(HttpResponseMessage response, int status, string? field = null)
    {
        var body = await Json(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, (int)body["status"]!);
        if (field is not null) Assert.Equal(field, (string?)body["field"]);
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
