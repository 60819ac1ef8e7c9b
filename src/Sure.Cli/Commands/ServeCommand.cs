using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sure.Data;
using Sure.Errors;
using Sure.Inference;
using Sure.Server;

namespace Sure.Cli.Commands;

/// <summary>
/// <c>sure serve --model FILE</c>: an HTTP service and a web page over one model file (docs/serving.md). Runs until
/// Ctrl+C or SIGTERM, then finishes the requests in flight.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var d = new ServeOptions();
        var cmd = new Command("serve", "Serve a model file over HTTP: whole conversations, live sessions turn by turn, a web page at /, metrics and an OpenAPI document (docs/serving.md).");
        var modelOpt = new Option<string>("--model") { Description = "The model file (model.sure) to serve; fixed for the server's life.", Required = true };
        var urlsOpt = new Option<string>("--urls") { Description = $"Where to listen, ';'-separated (default {ServeOptions.DefaultUrls}: this machine only; http://0.0.0.0:PORT for every interface)." };
        var keyOpt = new Option<string>("--api-key") { Description = "Require this key on /v1, /metrics and /openapi (Authorization: Bearer KEY or X-Api-Key: KEY). Prefer --api-key-file: a command line is visible to other users." };
        var keyFileOpt = new Option<string>("--api-key-file") { Description = "Read the API key from this file's first line." };
        var bytesOpt = new Option<long?>("--max-request-bytes") { Description = $"Largest request body in bytes (default {ServeOptions.DefaultMaxRequestBytes}, plus room for one recording of --max-audio-bytes in base64 when the model reads recordings)." };
        var audioBytesOpt = new Option<long>("--max-audio-bytes") { Description = "Largest recording of one turn, in bytes (base64 decoded, or as uploaded).", DefaultValueFactory = _ => d.MaxAudioBytes };
        var audioSecondsOpt = new Option<double>("--max-audio-seconds") { Description = "Longest recording of one turn, in seconds.", DefaultValueFactory = _ => d.MaxAudioSeconds };
        var heldAudioOpt = new Option<long>("--max-session-audio-bytes") { Description = "Most bytes of recordings that the open live sessions hold in memory together.", DefaultValueFactory = _ => d.MaxSessionAudioBytes };
        var turnsOpt = new Option<int>("--max-turns") { Description = "Most turns in a conversation or a session.", DefaultValueFactory = _ => d.MaxTurns };
        var textOpt = new Option<int>("--max-text-chars") { Description = "Most characters in one turn's text.", DefaultValueFactory = _ => d.MaxTextChars };
        var sessionsOpt = new Option<int>("--max-sessions") { Description = "Most live sessions open at once.", DefaultValueFactory = _ => d.MaxSessions };
        var idleOpt = new Option<double>("--session-idle-minutes") { Description = "Close a session unused this many minutes.", DefaultValueFactory = _ => d.SessionIdleTimeout.TotalMinutes };
        var corsOpt = new Option<string[]>("--cors-origin") { Description = "Allow browser pages from this origin (e.g. https://app.example.com) to call the API; repeatable. Default: CORS off.", AllowMultipleArgumentsPerToken = false };
        var threadsOpt = new Option<int>("--threads") { Description = "libtorch threads for the model (0 = libtorch's default)." };
        var windowOpt = new Option<double>("--batch-window-ms") { Description = "How long a /v1/predict request waits for others to be labelled with it in one pass (micro-batching; 0: only those queued while the model was busy).", DefaultValueFactory = _ => d.BatchWindow.TotalMilliseconds };
        var batchTurnsOpt = new Option<int>("--max-batch-turns") { Description = "Most turns of the /v1/predict conversations labelled in one pass (bounds the model's memory).", DefaultValueFactory = _ => d.MaxBatchTurns };
        var queueOpt = new Option<int>("--max-queue") { Description = "Most /v1/predict requests waiting for the model; one more is answered 503 with Retry-After.", DefaultValueFactory = _ => d.MaxQueue };
        foreach (var o in new Option[] { modelOpt, urlsOpt, keyOpt, keyFileOpt, bytesOpt, turnsOpt, textOpt, audioBytesOpt, audioSecondsOpt, heldAudioOpt, sessionsOpt, idleOpt, corsOpt, threadsOpt, windowOpt, batchTurnsOpt, queueOpt }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            if (parse.GetValue(threadsOpt) < 0) throw new SureUserException($"--threads must be ≥ 0, not {parse.GetValue(threadsOpt)}.");
            var minutes = parse.GetValue(idleOpt);
            if (!(minutes > 0)) throw new SureUserException($"--session-idle-minutes must be > 0, not {minutes}.");
            var window = parse.GetValue(windowOpt);
            if (!(window >= 0 && window <= 10_000)) throw new SureUserException($"--batch-window-ms must be between 0 and 10000, not {window}.");
            var options = new ServeOptions
            {
                Urls = parse.GetValue(urlsOpt) ?? ServeOptions.DefaultUrls,
                ApiKey = ApiKey(parse.GetValue(keyOpt), parse.GetValue(keyFileOpt)),
                MaxRequestBytes = parse.GetValue(bytesOpt),
                MaxTurns = parse.GetValue(turnsOpt),
                MaxTextChars = parse.GetValue(textOpt),
                MaxAudioBytes = parse.GetValue(audioBytesOpt),
                MaxAudioSeconds = parse.GetValue(audioSecondsOpt),
                MaxSessionAudioBytes = parse.GetValue(heldAudioOpt),
                MaxSessions = parse.GetValue(sessionsOpt),
                SessionIdleTimeout = TimeSpan.FromMinutes(minutes),
                CorsOrigins = parse.GetValue(corsOpt) ?? [],
                BatchWindow = TimeSpan.FromMilliseconds(window),
                MaxBatchTurns = parse.GetValue(batchTurnsOpt),
                MaxQueue = parse.GetValue(queueOpt),
            };
            return Execute(parse.GetValue(modelOpt)!, options, parse.GetValue(threadsOpt));
        });
        return cmd;
    }

    private static string? ApiKey(string? key, string? file)
    {
        if (key is not null && file is not null) throw new SureUserException("give --api-key or --api-key-file, not both.");
        if (file is null) return key;
        if (!File.Exists(file)) throw new SureUserException($"{file}: no such file (--api-key-file).");
        var first = File.ReadLines(file).FirstOrDefault()?.Trim();
        return string.IsNullOrEmpty(first) ? throw new SureUserException($"{file}: the first line is empty (--api-key-file).") : first;
    }

    private static int Execute(string model, ServeOptions options, int threads)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new SureUserException(e.Message);
        }
        PredictCommand.CheckModelPath(model);
        CliRuntime.UseThreads(threads);
        using var predictor = SurePredictor.Open(model, new PredictorOptions(threads, CliFrontEnds.Catalog, options.MaxBatchTurns));
        var app = SureServer.Build(predictor, options);
        try
        {
            try
            {
                app.StartAsync().GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                throw new SureUserException($"cannot listen on {options.Urls} ({e.Message.Split('\n')[0]}).", e);
            }
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var err = System.Console.Error;
            err.WriteLine($"sure serve: {Path.GetFileName(model)} ({predictor.Manifest.Dataset}; {string.Join(", ", predictor.ClassNames.Select((c, i) => predictor.DisplayNames[i] == c ? c : $"{c} = {predictor.DisplayNames[i]}"))}; " +
                $"{(predictor.IsCausal ? "causal" : "reads whole conversations")}; {Inputs(predictor)}) on {string.Join(", ", addresses)}");
            err.WriteLine("  web page at /, API at /v1, metrics at /metrics, OpenAPI at /openapi/v1.json. Ctrl+C stops (requests in flight finish).");
            foreach (var w in predictor.Warnings) err.WriteLine($"warning: the model's training result: {w}");
            if (options.ApiKey is null && !addresses.All(IsLoopback))
                err.WriteLine("warning: listening beyond this machine without an API key: anyone who can reach it can use it (--api-key-file).");
            app.WaitForShutdown();
        }
        finally
        {
            ((IAsyncDisposable)app).DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return 0;
    }

    /// <summary>What makes each modality's input, e.g. "text: textcnn" or "audio: descriptors" ("features": given with each turn).</summary>
    private static string Inputs(SurePredictor predictor) =>
        string.Join("; ", Modalities.Parse(predictor.Manifest.Modalities).Select(m => m.Name()).Select(m =>
            $"{m}: {(m == "text" ? predictor.TextFrontEnd : predictor.Manifest.FrontEnds?.FirstOrDefault(f => f.Modality == m)?.Kind ?? "features")}"));

    private static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)) return false;
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
