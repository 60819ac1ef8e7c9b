namespace Sure.Data.Formats;

/// <summary>Non-fatal findings of a load (e.g. dialogues kept without a modality). Fatal ones throw instead.</summary>
public sealed class DatasetValidationReport
{
    private readonly List<string> _warnings = [];
    public IReadOnlyList<string> Warnings => _warnings;
    public void Warn(string message) => _warnings.Add(message);
}
