namespace Sure.FrontEnds;

/// <summary>What a front end is fitted with, passed by the caller (library code reads no global setting).</summary>
/// <param name="Seed">seed of everything random in fitting (initialisation, fold assignment, shuffling).</param>
/// <param name="Threads">the thread count fitting runs under (the caller has set libtorch's to it; results can depend on it); 0: the run did not fix one.</param>
/// <param name="CacheDirectory">folder for cached features keyed by fingerprint; null: no cache.</param>
/// <param name="Log">one-line messages (cache hits, progress summaries, warnings "warning: …").</param>
/// <param name="Progress">fine-grained progress for a progress bar: (done, total, what).</param>
/// <param name="Config">the run's configuration, for front ends with settings of their own (e.g. a text encoder's fine-tuning); null: their defaults.</param>
public sealed record FrontEndContext(int Seed = 1, int Threads = 1, string? CacheDirectory = null, Action<string>? Log = null,
    Action<long, long, string>? Progress = null, Configuration.SureConfig? Config = null);

/// <summary>Runtime settings of a front end read from a model file, passed by the caller (the library sets nothing on its own).</summary>
/// <param name="Threads">threads for encoding (e.g. ONNX Runtime's intra-op threads); at least 1.</param>
public sealed record FrontEndRuntime(int Threads = 1);
