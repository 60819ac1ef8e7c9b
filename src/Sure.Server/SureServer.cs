using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Sure.Data;
using Sure.Errors;
using Sure.Inference;

namespace Sure.Server;

/// <summary>
/// <c>sure serve</c>: an HTTP service over one <see cref="SurePredictor"/>, fixed at start (docs/serving.md).
/// <list type="bullet">
/// <item><c>POST /v1/predict</c>: a whole conversation in, one prediction per turn out (the fields of <c>sure predict</c>);
/// JSON, or multipart/form-data with recordings as file parts for a model with an audio front end;</item>
/// <item><c>POST /v1/sessions</c>, <c>POST /v1/sessions/{id}/utterances</c>, <c>GET</c>/<c>DELETE /v1/sessions/{id}</c>: live conversations, turn by turn;</item>
/// <item><c>GET /v1/model</c>, <c>GET /healthz</c>, <c>GET /metrics</c> (Prometheus), <c>GET /openapi/v1.json</c>, and the web page at <c>/</c>.</item>
/// </list>
/// Every refusal is an <c>application/problem+json</c> body with a one-line detail and, where there is one, the field.
/// </summary>
public static class SureServer
{
    private const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Builds the server (not started). <paramref name="configure"/> may change the builder before it is built
    /// (tests use an in-memory server, quieter logging).</summary>
    /// <param name="predictor">the model, not owned: dispose it after the server has stopped.</param>
    public static WebApplication Build(SurePredictor predictor, ServeOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        var audio = AudioSupport.Of(predictor);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ApplicationName = typeof(SureServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.RequestBytesLimit(audio.ReadsRecordings);
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning); // sure serve prints its own start line
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.ConfigureHttpJsonOptions(j =>
        {
            j.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            j.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        builder.Services.AddProblemDetails(p => p.CustomizeProblemDetails = RoutingProblemDetail);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Sure";
            doc.Info.Version = Sure.Configuration.BuildInfo.Version;
            doc.Info.Description = $"Emotion and uncertainty for each turn of a conversation. Model: {predictor.Manifest.Dataset}, classes {string.Join(", ", predictor.ClassNames)}.";
            return Task.CompletedTask;
        }));
        if (options.CorsOrigins.Count > 0)
            builder.Services.AddCors(c => c.AddDefaultPolicy(p => p.WithOrigins([.. options.CorsOrigins]).WithMethods("GET", "POST", "DELETE")
                .WithHeaders("Content-Type", "Authorization", ApiKeyHeader)));
        var metrics = new ServerMetrics(predictor);
        var sessions = new SessionStore(predictor, options, metrics);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(sessions.Dispose); // every session closed, the expiry timer stopped
        app.Use(metrics.Observe);
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => StatusCodes.Status500InternalServerError });
        app.UseStatusCodePages();
        if (options.CorsOrigins.Count > 0) app.UseCors();
        if (options.ApiKey is { } key) app.Use(RequireApiKey(key));
        app.Use(Problems);

        var reader = new RequestReader(options, audio, predictor.WhyNotRead);
        var model = new ModelGate(metrics);
        var batcher = new PredictBatcher(predictor, options, metrics, (work, ct) => model.Run(work, _ => null, ct));
        app.Lifetime.ApplicationStopped.Register(() => batcher.DisposeAsync().AsTask().GetAwaiter().GetResult());
        MapApi(app, predictor, options, reader, model, sessions, batcher);
        app.MapGet("/healthz", () => Results.Text("ok\n")).WithSummary("Liveness: 200 \"ok\" while the server runs.").WithTags("service");
        app.MapMetrics("/metrics", metrics.Registry).WithSummary("Prometheus metrics (text format).").WithTags("service");
        app.MapOpenApi().WithTags("service");
        WebPage.Map(app);
        return app;
    }

    private static void MapApi(WebApplication app, SurePredictor predictor, ServeOptions options, RequestReader reader, ModelGate model, SessionStore sessions, PredictBatcher batcher)
    {
        var v1 = app.MapGroup("/v1").WithTags("v1");
        v1.MapPost("/predict", async (HttpContext ctx) =>
        {
            var (conversation, audio) = await reader.ReadConversation(ctx.Request, ctx.RequestAborted);
            var turns = await batcher.Predict(conversation, ctx.Response, ctx.RequestAborted);
            model.Counted(turns.Count, audio);
            return Results.Ok(new PredictResponse(conversation.Id, turns.Select(PredictionRecord.From).ToList()));
        })
        .WithSummary("Label every turn of a whole conversation.")
        .Accepts<PredictRequest>("application/json", "multipart/form-data").Produces<PredictResponse>().ProducesProblem(400).ProducesProblem(413).ProducesProblem(422).ProducesProblem(503);

        v1.MapPost("/sessions", (HttpContext ctx) =>
        {
            var entry = sessions.Create();
            return Results.Created($"/v1/sessions/{entry.Session.Id}", new SessionCreated(entry.Session.Id, predictor.IsCausal, options.MaxTurns, options.SessionIdleTimeout.TotalSeconds));
        })
        .WithSummary("Open a live session: a conversation labelled turn by turn.")
        .Produces<SessionCreated>(201).ProducesProblem(429);

        v1.MapPost("/sessions/{id}/utterances", async (string id, HttpContext ctx) =>
        {
            var entry = sessions.Get(id);
            var (turn, audio) = await reader.ReadTurn(ctx.Request, ctx.RequestAborted);
            var update = await model.Run(() =>
            {
                // checked under the model's gate, so two turns sent at once cannot both take the last place
                if (entry.Session.Count >= options.MaxTurns)
                    throw new ApiError(StatusCodes.Status409Conflict, $"the session has {entry.Session.Count} turns, the limit (--max-turns); open a new session.", "id");
                sessions.HoldAudio(entry, audio.Bytes, "audio");
                try
                {
                    return entry.Session.Append(turn);
                }
                catch
                {
                    sessions.ReleaseAudio(entry, audio.Bytes);
                    throw;
                }
            }, _ => null, ctx.RequestAborted);
            model.Counted(1, audio);
            return Results.Ok(new UtteranceResponse(id, PredictionRecord.From(update.Prediction), update.Revised.Select(PredictionRecord.From).ToList()));
        })
        .WithSummary("Add one turn to a session: its prediction and, for a model that is not causal, the revised earlier turns.")
        .Accepts<TurnRequest>("application/json", "multipart/form-data").Produces<UtteranceResponse>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(422).ProducesProblem(429);

        v1.MapGet("/sessions/{id}", (string id) =>
        {
            var entry = sessions.Get(id);
            return Results.Ok(new SessionState(id, predictor.IsCausal, entry.Created, entry.LastUsed, entry.Session.Predictions.Select(PredictionRecord.From).ToList()));
        })
        .WithSummary("A session's turns so far, each with its latest prediction.")
        .Produces<SessionState>().ProducesProblem(404);

        v1.MapDelete("/sessions/{id}", (string id) =>
            sessions.Close(id) ? Results.NoContent() : throw new ApiError(StatusCodes.Status404NotFound, "no open session with this id.", "id"))
        .WithSummary("Close a session.")
        .Produces(204).ProducesProblem(404);

        var description = Describe(predictor, options, reader.Audio);
        v1.MapGet("/model", () => Results.Ok(description))
        .WithSummary("The served model: classes, modalities, front ends (whether turns may carry recordings), metrics from training; and the server's limits.")
        .Produces<ModelDescription>();
    }

    private static ModelDescription Describe(SurePredictor p, ServeOptions o, AudioSupport audio)
    {
        var m = p.Manifest;
        var frontEnds = (m.FrontEnds ?? []).Select(f => new ServedFrontEnd(f.Modality, f.Kind, f.Dim, f.Settings)).ToList();
        return new ModelDescription(Path.GetFileName(p.Path), m.Dataset, p.ClassNames, p.DisplayNames, p.Warnings, Modalities.Parse(m.Modalities).Select(x => x.Name()).ToList(), m.Dims,
            p.IsCausal, m.TextFrontEnd, frontEnds, audio.ReadsRecordings, m.Parameters, m.CreatedUtc, m.MadeBy, m.TrainingData, m.Metrics,
            new Limits(o.RequestBytesLimit(audio.ReadsRecordings), o.MaxTurns, o.MaxTextChars, o.MaxSessions, o.SessionIdleTimeout.TotalSeconds, o.MaxAudioBytes, o.MaxAudioSeconds, o.MaxSessionAudioBytes),
            "Sure " + Sure.Configuration.BuildInfo.Version);
    }

    /// <summary>A detail for the refusals routing answers itself (no handler runs): a 415 says what to send, a 405 which
    /// methods the path takes.</summary>
    private static void RoutingProblemDetail(ProblemDetailsContext c)
    {
        if (c.ProblemDetails.Detail is not null) return;
        var request = c.HttpContext.Request;
        if (c.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
            c.ProblemDetails.Detail = $"send the body as JSON with the header Content-Type: application/json (or as multipart/form-data with a JSON part and recordings), not {(string.IsNullOrEmpty(request.ContentType) ? "a body without a Content-Type" : request.ContentType)}; "
                + "e.g. curl -H 'Content-Type: application/json' -d @conversation.json.";
        else if (c.ProblemDetails.Status == StatusCodes.Status405MethodNotAllowed)
            c.ProblemDetails.Detail = $"{request.Method} is not allowed on {request.Path}" + (c.HttpContext.Response.Headers.Allow is { Count: > 0 } allow ? $"; allowed: {allow}." : ".");
    }

    /// <summary>Turns a refusal into its problem body: <see cref="ApiError"/> as it says; a user-data error of the model
    /// (<see cref="SureDataException"/>) 422 and any other <see cref="SureUserException"/> 400, with their one-line message.</summary>
    private static async Task Problems(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (ApiError e) when (!context.Response.HasStarted)
        {
            await Problem(context, e.Status, e.Message, e.Field);
        }
        catch (SureUserException e) when (!context.Response.HasStarted)
        {
            await Problem(context, e is SureDataException ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest,
                Sure.Errors.ErrorText.OneLine(e.Message), null);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await Problem(context, e.StatusCode, e.Message, "body");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away: nobody to answer
        }
    }

    internal static Task Problem(HttpContext context, int status, string detail, string? field) =>
        Results.Problem(detail, statusCode: status, extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field })
            .ExecuteAsync(context);

    /// <summary>401 for a /v1, /metrics or /openapi request without the key (Authorization: Bearer KEY or X-Api-Key: KEY).</summary>
    private static Func<HttpContext, RequestDelegate, Task> RequireApiKey(string key)
    {
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return async (context, next) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/v1") && !path.StartsWithSegments("/metrics") && !path.StartsWithSegments("/openapi"))
            {
                await next(context);
                return;
            }
            string? given = context.Request.Headers[ApiKeyHeader].FirstOrDefault();
            var auth = context.Request.Headers.Authorization.FirstOrDefault();
            if (given is null && auth is not null && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) given = auth[7..].Trim();
            if (given is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), expected))
            {
                await next(context);
                return;
            }
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problem(context, StatusCodes.Status401Unauthorized,
                given is null ? "this server needs an API key: Authorization: Bearer KEY or X-Api-Key: KEY." : "the API key is wrong.", null);
        };
    }

    /// <summary>Runs model work one request at a time without blocking a thread while waiting, and maps a user-data
    /// error to 422 naming the turn.</summary>
    private sealed class ModelGate(ServerMetrics metrics)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public async Task<T> Run<T>(Func<T> work, Func<int, string?> turnField, CancellationToken ct)
        {
            metrics.Waiting.Inc();
            try
            {
                await _gate.WaitAsync(ct);
            }
            finally
            {
                metrics.Waiting.Dec();
            }
            try
            {
                return work();
            }
            catch (SureDataException e)
            {
                throw new ApiError(StatusCodes.Status422UnprocessableEntity, e.Message, e.UtteranceIndex is { } i ? turnField(i) : null);
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Counted(int turns, AudioTally audio)
        {
            metrics.TurnsPredicted.Inc(turns);
            if (audio.Turns == 0) return;
            metrics.AudioTurns.Inc(audio.Turns);
            metrics.AudioBytes.Inc(audio.Bytes);
            metrics.AudioSeconds.Inc(audio.Seconds);
        }
    }
}
