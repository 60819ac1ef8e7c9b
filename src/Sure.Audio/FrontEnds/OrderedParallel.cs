using System.Runtime.ExceptionServices;

namespace Sure.Audio.FrontEnds;

/// <summary>A parallel loop whose failure is the same as a sequential loop's: the exception of the lowest failing index,
/// rethrown as it was (a one-line <see cref="Errors.SureDataException"/> stays one line, not an AggregateException).
/// A progress callback, when given, hears (done, count, what) every 16 items and at the end.</summary>
internal static class OrderedParallel
{
    public static void For(int count, int threads, Action<int> body, Action<long, long, string>? progress = null, string what = "")
    {
        var errors = new Exception?[count];
        long done = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, i =>
        {
            try { body(i); }
            catch (Exception e) { errors[i] = e; }
            var n = Interlocked.Increment(ref done);
            if (progress is not null && (n % 16 == 0 || n == count)) progress(n, count, what);
        });
        if (Array.Find(errors, e => e is not null) is { } first) ExceptionDispatchInfo.Capture(first).Throw();
    }
}
