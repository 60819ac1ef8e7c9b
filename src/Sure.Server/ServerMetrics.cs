using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Sure.Inference;

namespace Sure.Server;

/// <summary>
/// The server's Prometheus metrics, in a registry of its own (two servers in one process do not mix): requests and
/// latency per endpoint, open sessions, turns labelled (and their recordings), requests waiting for the model.
/// </summary>
internal sealed class ServerMetrics
{
    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();
    public Counter Requests { get; }
    public Histogram Duration { get; }
    public Gauge SessionsOpen { get; }
    public Counter SessionsExpired { get; }
    public Counter TurnsPredicted { get; }
    public Gauge Waiting { get; }
    public Counter AudioTurns { get; }
    public Counter AudioBytes { get; }
    public Counter AudioSeconds { get; }
    public Gauge SessionAudioBytes { get; }
    public Histogram BatchConversations { get; }
    public Gauge Queued { get; }
    public Counter QueueFull { get; }

    public ServerMetrics(SurePredictor predictor)
    {
        var f = Metrics.WithCustomRegistry(Registry);
        Requests = f.CreateCounter("sure_http_requests_total", "HTTP requests answered, by endpoint (route pattern), method and status code.", "endpoint", "method", "status");
        Duration = f.CreateHistogram("sure_http_request_duration_seconds", "Time to answer an HTTP request, by endpoint (route pattern) and method.",
            new HistogramConfiguration { LabelNames = ["endpoint", "method"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
        SessionsOpen = f.CreateGauge("sure_sessions_open", "Live sessions open now.");
        SessionsExpired = f.CreateCounter("sure_sessions_expired_total", "Live sessions closed because they were idle too long.");
        TurnsPredicted = f.CreateCounter("sure_turns_predicted_total", "Turns labelled by the model (a session's re-labelled earlier turns not counted).");
        AudioTurns = f.CreateCounter("sure_audio_turns_total", "Turns labelled with a recording sent in the request.");
        AudioBytes = f.CreateCounter("sure_audio_bytes_total", "Bytes of the recordings of labelled turns (as sent, before decoding).");
        AudioSeconds = f.CreateCounter("sure_audio_seconds_total", "Seconds of audio in the recordings of labelled turns.");
        SessionAudioBytes = f.CreateGauge("sure_session_audio_bytes", "Bytes of recordings that the open sessions hold in memory.");
        BatchConversations = f.CreateHistogram("sure_predict_batch_conversations", "Conversations labelled together in one pass of the model (POST /v1/predict requests micro-batched; the count is the number of passes).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 2, 9) });
        Queued = f.CreateGauge("sure_predict_queued", "POST /v1/predict requests waiting for their batch (at most --max-queue).");
        QueueFull = f.CreateCounter("sure_predict_queue_full_total", "POST /v1/predict requests refused with 503 because the queue was full.");
        Waiting = f.CreateGauge("sure_predictor_waiting", "Requests waiting for the model (a batch of conversations or a live turn runs at a time).");
        f.CreateGauge("sure_model_info", "The served model (value 1).", "dataset", "text_front_end", "causal", "classes")
            .WithLabels(predictor.Manifest.Dataset, predictor.TextFrontEnd, predictor.IsCausal ? "true" : "false", string.Join(",", predictor.ClassNames)).Set(1);
        DotNetStats.Register(Registry);
    }

    private List<(TemplateMatcher Matcher, string Pattern)>? _routes;

    /// <summary>The route pattern of a request: its endpoint's; for a 405 or 415 (which routing answers with an endpoint of
    /// its own) the pattern its path matches; "unmatched" when none (no label per path).</summary>
    private string EndpointOf(HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } raw }) return raw;
        if (context.Response.StatusCode is StatusCodes.Status405MethodNotAllowed or StatusCodes.Status415UnsupportedMediaType)
        {
            _routes ??= [.. context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(r => r.RoutePattern.RawText is not null)
                .OrderBy(r => r.RoutePattern.Parameters.Count)
                .Select(r => (new TemplateMatcher(new RouteTemplate(r.RoutePattern), new RouteValueDictionary()), r.RoutePattern.RawText!))];
            foreach (var (matcher, pattern) in _routes)
                if (matcher.TryMatch(context.Request.Path, new RouteValueDictionary())) return pattern;
        }
        return "unmatched";
    }

    /// <summary>Counts and times every request, labelled by its route pattern ("unmatched" when none: no label per path).</summary>
    public async Task Observe(HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var endpoint = EndpointOf(context);
            var method = context.Request.Method;
            Duration.WithLabels(endpoint, method).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            Requests.WithLabels(endpoint, method, context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        }
    }
}
