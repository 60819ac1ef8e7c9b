using System.Diagnostics;

namespace Sure.FrontEnds;

/// <summary>Progress of a long front-end fit as log lines: one when it starts to take long and then one every
/// <paramref name="every"/>, "audio descriptors: 240 of 535 (45%), 12 s", and one at the end when any was written.</summary>
public sealed class ProgressLines(Action<string> log, TimeSpan every)
{
    private readonly TimeSpan _every = every;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private TimeSpan _next = every;
    private bool _wrote;

    /// <summary>The callback for <see cref="FrontEndContext.Progress"/>.</summary>
    public void Report(long done, long total, string what)
    {
        lock (_gate)
        {
            var now = _clock.Elapsed;
            bool last = done >= total;
            if (now < _next && !(last && _wrote)) return;
            if (last && !_wrote) return;
            _wrote = true;
            _next = now + _every;
            log($"{what}: {done} of {total} ({100.0 * done / Math.Max(1, total):F0}%), {now.TotalSeconds:F0} s");
        }
    }
}
