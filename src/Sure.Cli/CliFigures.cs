using Sure.Reporting;

namespace Sure.Cli;

/// <summary>
/// The figures the <c>sure</c> command draws (Sure.Reporting): every training run's (passed to
/// <see cref="Sure.Runs.TrainingRun.Execute"/>) and the experiment's accuracy-vs-corruption figure. Drawing warnings
/// (no usable font) go to standard error, once.
/// </summary>
internal static class CliFigures
{
    /// <summary>A run's figures, into its run folder.</summary>
    public static RunFigures Run { get; } = new(Warn);

    /// <summary>Writes a drawing warning to standard error.</summary>
    public static void Warn(string message) => System.Console.Error.WriteLine(message);
}
