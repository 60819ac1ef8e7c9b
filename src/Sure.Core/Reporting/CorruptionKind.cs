namespace Sure.Reporting;

/// <summary>What was done to a modality's view of an utterance before the model saw it.</summary>
public enum CorruptionKind
{
    Clean = 0,
    Noisy = 1,
    Missing = 2,
}
