namespace Sure.FrontEnds;

/// <summary>What a front end is fitted with, passed by the caller (library code reads no global setting).</summary>
/// <param name="Seed">seed of everything random in fitting (initialisation, fold assignment, shuffling).</param>
/// <param name="Threads">the thread count fitting runs under (the caller has set libtorch's to it; results can depend on it).</param>
/// <param name="CacheDirectory">folder for cached features keyed by fingerprint; null: no cache.</param>
/// <param name="Log">one-line messages (cache hits, progress summaries, warnings "warning: …").</param>
/// <param name="Progress">fine-grained progress for a progress bar: (done, total, what).</param>
public sealed record FrontEndContext(int Seed = 1, int Threads = 1, string? CacheDirectory = null, Action<string>? Log = null,
    Action<long, long, string>? Progress = null);
