namespace Sure.Synth;

/// <summary>What happened to one view of a SynthERC utterance.</summary>
public enum CorruptionKind
{
    /// <summary>Clean: signal + speaker offset + N(0, I).</summary>
    None = 0,
    /// <summary>Heavily noised: signal + speaker offset + N(0, σ²I), σ = CorruptedNoiseScale.</summary>
    Noised = 1,
    /// <summary>Missing: the vector is all zeros.</summary>
    Missing = 2,
}
