using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Sure.Inference;

namespace Sure.Server;

/// <summary>
/// The open live sessions of one server, in its memory: at most <see cref="ServeOptions.MaxSessions"/>, each closed
/// once idle for <see cref="ServeOptions.SessionIdleTimeout"/> (swept on every create and by a timer); the recordings
/// they hold together are at most <see cref="ServeOptions.MaxSessionAudioBytes"/>.
/// </summary>
internal sealed class SessionStore : IDisposable
{
    internal sealed class Entry(PredictorSession session, DateTimeOffset created)
    {
        public PredictorSession Session { get; } = session;
        public DateTimeOffset Created { get; } = created;
        private long _lastUsedTicks = created.UtcTicks;
        public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);
        public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);
        /// <summary>Bytes of the recordings of its turns (held in memory with them); changed under the store's audio lock.</summary>
        public long AudioBytes { get; set; }
        /// <summary>Whether the store has closed it (its bytes no longer count); set under the store's audio lock.</summary>
        public bool Closed { get; set; }
    }

    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private readonly object _createGate = new();
    private readonly SurePredictor _predictor;
    private readonly ServeOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly ITimer _sweeper;
    private readonly object _audioGate = new();
    private long _audioHeld; // bytes of recordings that the open sessions hold together (under _audioGate)

    public SessionStore(SurePredictor predictor, ServeOptions options, ServerMetrics metrics)
    {
        _predictor = predictor;
        _options = options;
        _metrics = metrics;
        var every = TimeSpan.FromTicks(Math.Clamp(options.SessionIdleTimeout.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));
        _sweeper = options.Clock.CreateTimer(_ => Sweep(), null, every, every);
    }

    public int Count => _sessions.Count;

    /// <summary>Counts <paramref name="bytes"/> of a new turn's recording as held by <paramref name="entry"/>, or refuses
    /// with 429 when the open sessions would then hold more than <see cref="ServeOptions.MaxSessionAudioBytes"/>.
    /// <see cref="ReleaseAudio"/> undoes it when the turn is not added.</summary>
    public void HoldAudio(Entry entry, long bytes, string field)
    {
        if (bytes == 0) return;
        lock (_audioGate)
        {
            if (_audioHeld + bytes > _options.MaxSessionAudioBytes)
                throw new ApiError(StatusCodes.Status429TooManyRequests,
                    $"{field}: open sessions hold {_audioHeld} bytes of recordings; this one's {bytes} would pass the limit of {_options.MaxSessionAudioBytes} (--max-session-audio-bytes); close sessions (DELETE /v1/sessions/{{id}}) or wait for idle ones to expire.", field);
            entry.AudioBytes += bytes;
            if (!entry.Closed) _audioHeld += bytes;
            _metrics.SessionAudioBytes.Set(_audioHeld);
        }
    }

    /// <summary>Undoes <see cref="HoldAudio"/> for a turn that was not added.</summary>
    public void ReleaseAudio(Entry entry, long bytes)
    {
        if (bytes == 0) return;
        lock (_audioGate)
        {
            entry.AudioBytes -= bytes;
            if (!entry.Closed) _audioHeld -= bytes; // a closed session's bytes were released when it closed
            _metrics.SessionAudioBytes.Set(_audioHeld);
        }
    }

    public Entry Create()
    {
        lock (_createGate)
        {
            if (_sessions.Count >= _options.MaxSessions) Sweep();
            if (_sessions.Count >= _options.MaxSessions)
                throw new ApiError(StatusCodes.Status429TooManyRequests,
                    $"{_sessions.Count} sessions are open, the limit (--max-sessions); close one (DELETE /v1/sessions/{{id}}) or wait for idle ones to expire.");
            var id = "s_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var entry = new Entry(new PredictorSession(_predictor, id), _options.Clock.GetUtcNow());
            _sessions[id] = entry;
            _metrics.SessionsOpen.Set(_sessions.Count);
            return entry;
        }
    }

    /// <summary>The open session <paramref name="id"/>, marked as used now; 404 when there is none (never was, closed or expired).</summary>
    public Entry Get(string id)
    {
        if (!_sessions.TryGetValue(id, out var entry) || Expired(entry, _options.Clock.GetUtcNow()))
        {
            if (entry is not null) Close(id, expired: true);
            throw new ApiError(StatusCodes.Status404NotFound, $"no open session '{Shorten(id)}' (never opened, closed, or expired after {_options.SessionIdleTimeout.TotalMinutes:0.#} idle minutes).", "id");
        }
        entry.Touch(_options.Clock.GetUtcNow());
        return entry;
    }

    public bool Close(string id, bool expired = false)
    {
        if (!_sessions.TryRemove(id, out var entry)) return false;
        entry.Session.Dispose();
        lock (_audioGate)
        {
            entry.Closed = true;
            _audioHeld -= entry.AudioBytes;
            _metrics.SessionAudioBytes.Set(_audioHeld);
        }
        _metrics.SessionsOpen.Set(_sessions.Count);
        if (expired) _metrics.SessionsExpired.Inc();
        return true;
    }

    /// <summary>Closes every session idle for longer than the timeout.</summary>
    public void Sweep()
    {
        var now = _options.Clock.GetUtcNow();
        foreach (var (id, entry) in _sessions)
            if (Expired(entry, now)) Close(id, expired: true);
    }

    private bool Expired(Entry e, DateTimeOffset now) => now - e.LastUsed > _options.SessionIdleTimeout;

    private static string Shorten(string id) => id.Length <= 40 ? id : id[..40] + "…";

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var id in _sessions.Keys) Close(id);
    }
}
