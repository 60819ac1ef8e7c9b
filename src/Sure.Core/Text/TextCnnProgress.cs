namespace Sure.Text;

/// <summary>A progress report of <see cref="TextCnnFeatureExtractor"/>: the stage ("train", "export"), how far it is, and a one-line message; <see cref="IsSummary"/> marks the once-per-epoch summaries (worth logging), the others are per batch.</summary>
public sealed record TextCnnProgress(string Stage, int Done, int Total, string Message, bool IsSummary = false)
{
    /// <summary>Done / Total in [0, 1] (1 when Total is 0).</summary>
    public double Fraction => Total <= 0 ? 1 : Math.Clamp((double)Done / Total, 0, 1);
    public override string ToString() => Message;
}
