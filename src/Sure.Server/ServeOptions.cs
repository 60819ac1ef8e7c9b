namespace Sure.Server;

/// <summary>
/// Settings of <c>sure serve</c> (<see cref="SureServer"/>): where it listens, who may call it and the limits that keep
/// one caller from exhausting it. The defaults are safe: loopback only, no CORS, bounded requests and sessions.
/// </summary>
public sealed record ServeOptions
{
    /// <summary>The default address: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5055";

    /// <summary>Where Kestrel listens, ';'-separated (e.g. "http://127.0.0.1:5055"; "http://0.0.0.0:5055" for every interface).</summary>
    public string Urls { get; init; } = DefaultUrls;
    /// <summary>When set, every /v1, /metrics and /openapi request must carry it (<c>Authorization: Bearer KEY</c> or
    /// <c>X-Api-Key: KEY</c>); /healthz and the web page stay open.</summary>
    public string? ApiKey { get; init; }
    /// <summary>Largest request body, in bytes (413 above it). Null: <see cref="DefaultMaxRequestBytes"/>, plus, for a
    /// model that reads recordings, room for one recording of <see cref="MaxAudioBytes"/> in base64
    /// (<see cref="RequestBytesLimit"/>).</summary>
    public long? MaxRequestBytes { get; init; }
    /// <summary>Largest recording of one turn, in bytes once decoded from base64 or as uploaded (413 above it).</summary>
    public long MaxAudioBytes { get; init; } = 10_000_000;
    /// <summary>Longest recording of one turn, in seconds once decoded (413 above it).</summary>
    public double MaxAudioSeconds { get; init; } = 60;
    /// <summary>Most bytes of recordings that the open sessions hold together (a session keeps its turns, recordings
    /// included, until it is closed or expires); a live turn whose recording would pass it is refused with 429.</summary>
    public long MaxSessionAudioBytes { get; init; } = 1L << 30;
    /// <summary>Most turns in one conversation: a /v1/predict request, or a session.</summary>
    public int MaxTurns { get; init; } = 1000;
    /// <summary>Most characters in one turn's text (and in a speaker name or id: 200).</summary>
    public int MaxTextChars { get; init; } = 10_000;
    /// <summary>Most sessions open at once (429 for a new one above it, after idle ones expire).</summary>
    public int MaxSessions { get; init; } = 1000;
    /// <summary>A session unused for this long is closed.</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>Origins allowed to call the API from a browser page served elsewhere (CORS); empty: CORS off.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];
    /// <summary>How long the first waiting <c>POST /v1/predict</c> request waits for others to be labelled with it in one
    /// pass (micro-batching); zero: only those that queued while the model was busy join it.</summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(2);
    /// <summary>Wait out <see cref="BatchWindow"/> even when the last pass held one conversation (by default a lone client's
    /// request runs at once); tests use it to hold requests in the queue.</summary>
    internal bool WindowEvenAlone { get; init; }
    /// <summary>Most turns of the conversations labelled in one pass (a longer conversation goes alone).</summary>
    public int MaxBatchTurns { get; init; } = 512;
    /// <summary>Most <c>POST /v1/predict</c> requests waiting for the model; one more is refused with 503 and <c>Retry-After</c>.</summary>
    public int MaxQueue { get; init; } = 256;
    /// <summary>The clock (tests pass their own to expire sessions).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Most characters in a speaker name or a conversation id.</summary>
    public const int MaxNameChars = 200;

    /// <summary>The request body limit when <see cref="MaxRequestBytes"/> is not given, for a model that reads no recordings: 1 MiB.</summary>
    public const long DefaultMaxRequestBytes = 1 << 20;

    /// <summary>The request body limit in force: <see cref="MaxRequestBytes"/> when given; otherwise 1 MiB, plus room for
    /// one recording of <see cref="MaxAudioBytes"/> in base64 when the model reads recordings.</summary>
    /// <param name="readsRecordings">whether the served model has an audio front end.</param>
    public long RequestBytesLimit(bool readsRecordings) =>
        MaxRequestBytes ?? DefaultMaxRequestBytes + (readsRecordings ? (MaxAudioBytes + 2) / 3 * 4 : 0);

    /// <summary>Checks the limits; a bad one is an <see cref="ArgumentException"/> naming its option.</summary>
    public ServeOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Urls)) throw new ArgumentException("--urls is empty.");
        if (MaxRequestBytes is < 1024) throw new ArgumentException($"--max-request-bytes must be ≥ 1024, not {MaxRequestBytes}.");
        if (MaxAudioBytes < 1024) throw new ArgumentException($"--max-audio-bytes must be ≥ 1024, not {MaxAudioBytes}.");
        if (MaxSessionAudioBytes < 0) throw new ArgumentException($"--max-session-audio-bytes must be ≥ 0, not {MaxSessionAudioBytes}.");
        if (!(MaxAudioSeconds > 0) || double.IsInfinity(MaxAudioSeconds)) throw new ArgumentException($"--max-audio-seconds must be a number > 0, not {MaxAudioSeconds}.");
        if (MaxTurns < 1) throw new ArgumentException($"--max-turns must be ≥ 1, not {MaxTurns}.");
        if (MaxTextChars < 1) throw new ArgumentException($"--max-text-chars must be ≥ 1, not {MaxTextChars}.");
        if (BatchWindow < TimeSpan.Zero || BatchWindow > TimeSpan.FromSeconds(10)) throw new ArgumentException($"--batch-window-ms must be between 0 and 10000, not {BatchWindow.TotalMilliseconds}.");
        if (MaxBatchTurns < 1) throw new ArgumentException($"--max-batch-turns must be ≥ 1, not {MaxBatchTurns}.");
        if (MaxQueue < 0) throw new ArgumentException($"--max-queue must be ≥ 0, not {MaxQueue}.");
        if (MaxSessions < 0) throw new ArgumentException($"--max-sessions must be ≥ 0, not {MaxSessions}.");
        if (SessionIdleTimeout <= TimeSpan.Zero) throw new ArgumentException($"--session-idle-minutes must be > 0, not {SessionIdleTimeout.TotalMinutes}.");
        if (ApiKey is { } k && (k.Length < 8 || k.Any(char.IsWhiteSpace)))
            throw new ArgumentException("the API key must have at least 8 characters and no spaces.");
        return this;
    }
}
