using System.Globalization;

namespace Sure.Audio;

/// <summary>
/// Checks a segment against a recording and produces it at 16 kHz. Output sample m is the recording at time
/// m / 16000 s (as <see cref="Resampler.Resample"/> of the whole recording would give it); the segment is samples
/// <c>round(start·16000) … round(end·16000) − 1</c>, read from only the frames the filter needs.
/// </summary>
internal static class SegmentCutter
{
    /// <summary>How far past the recording's end a segment may end (clipped to the end): 10 ms.</summary>
    public const double EndTolerance = 0.010;

    /// <summary>The shortest segment: 1 ms.</summary>
    public const double MinimumLength = 0.001;

    /// <summary>Reads <c>count</c> mono frames from frame <c>first</c> at the recording's own rate.</summary>
    public delegate float[] FrameReader(long first, int count);

    /// <summary>
    /// The segment [<paramref name="start"/>, <paramref name="end"/>) s (null: the recording's start / end) of a recording
    /// of <paramref name="frames"/> frames at <paramref name="rate"/> Hz, at <see cref="AudioClip.StandardRate"/>.
    /// </summary>
    public static AudioClip Cut(long frames, int rate, FrameReader read, double? start, double? end, AudioOrigin origin)
    {
        if (frames <= 0) throw origin.Error("the recording holds no audio samples.");
        var duration = frames / (double)rate;
        var (s, e) = Check(start, end, duration, origin);

        const int to = AudioClip.StandardRate;
        if (rate == to)
        {
            var first = (long)Math.Round(s * to, MidpointRounding.AwayFromZero);
            var last = Math.Min((long)Math.Round(e * to, MidpointRounding.AwayFromZero), frames);
            return new AudioClip(read(first, Length(first, last, s, e, origin)), to);
        }

        var filter = new PolyphaseFilter(rate, to);
        var total = Resampler.OutputLength(frames, rate, to);
        var m0 = (long)Math.Round(s * to, MidpointRounding.AwayFromZero);
        var m1 = Math.Min((long)Math.Round(e * to, MidpointRounding.AwayFromZero), total);
        var count = Length(m0, m1, s, e, origin);
        var lo = Math.Max(0, m0 * filter.M / filter.L - filter.H + 1);
        var hi = Math.Min(frames, (m1 - 1) * filter.M / filter.L + filter.H + 1);
        var input = read(lo, checked((int)(hi - lo)));
        var output = new float[count];
        filter.Apply(input, lo, m0, output);
        return new AudioClip(output, to);
    }

    /// <summary>The segment's start and end in seconds, checked; the end clipped to the recording's.</summary>
    public static (double Start, double End) Check(double? start, double? end, double duration, AudioOrigin origin)
    {
        var s = start ?? 0;
        var e = end ?? duration;
        if (!double.IsFinite(s)) throw origin.Error($"segment start {F(s)} is not a number of seconds.");
        if (!double.IsFinite(e)) throw origin.Error($"segment end {F(e)} is not a number of seconds.");
        if (s < 0) throw origin.Error($"segment start {F(s)} s is negative.");
        if (s >= e) throw origin.Error($"segment start {F(s)} s is not before its end {F(e)} s.");
        if (e - s < MinimumLength) throw origin.Error($"segment {F(s)}–{F(e)} s is shorter than 1 ms.");
        if (s >= duration) throw origin.Error($"segment start {F(s)} s is at or beyond the end of the recording ({F(duration)} s).");
        if (e > duration + EndTolerance)
            throw origin.Error($"segment end {F(e)} s is beyond the end of the recording ({F(duration)} s).");
        e = Math.Min(e, duration);
        if (e - s < MinimumLength)
            throw origin.Error($"segment {F(s)}–{F(e)} s (its end clipped to the recording's) is shorter than 1 ms.");
        return (s, e);
    }

    private static int Length(long first, long last, double s, double e, AudioOrigin origin) =>
        last > first ? checked((int)(last - first)) : throw origin.Error($"segment {F(s)}–{F(e)} s holds no samples.");

    private static string F(double seconds) => seconds.ToString("0.######", CultureInfo.InvariantCulture);
}
