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
    /// <summary>Largest request body, in bytes (413 above it).</summary>
    public long MaxRequestBytes { get; init; } = 1 << 20;
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
    /// <summary>The clock (tests pass their own to expire sessions).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Most characters in a speaker name or a conversation id.</summary>
    public const int MaxNameChars = 200;

    /// <summary>Checks the limits; a bad one is an <see cref="ArgumentException"/> naming its option.</summary>
    public ServeOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Urls)) throw new ArgumentException("--urls is empty.");
        if (MaxRequestBytes < 1024) throw new ArgumentException($"--max-request-bytes must be ≥ 1024, not {MaxRequestBytes}.");
        if (MaxTurns < 1) throw new ArgumentException($"--max-turns must be ≥ 1, not {MaxTurns}.");
        if (MaxTextChars < 1) throw new ArgumentException($"--max-text-chars must be ≥ 1, not {MaxTextChars}.");
        if (MaxSessions < 0) throw new ArgumentException($"--max-sessions must be ≥ 0, not {MaxSessions}.");
        if (SessionIdleTimeout <= TimeSpan.Zero) throw new ArgumentException($"--session-idle-minutes must be > 0, not {SessionIdleTimeout.TotalMinutes}.");
        if (ApiKey is { } k && (k.Length < 8 || k.Any(char.IsWhiteSpace)))
            throw new ArgumentException("the API key must have at least 8 characters and no spaces.");
        return this;
    }
}
