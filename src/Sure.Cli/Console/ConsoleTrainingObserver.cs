using System.Globalization;
using Spectre.Console;
using Sure.Training;

namespace Sure.Cli.Console;

/// <summary>Shows training progress: a live progress bar over epochs on a terminal, one plain line per epoch otherwise (CI, pipes).</summary>
public sealed class ConsoleTrainingObserver : ITrainingObserver
{
    private readonly ProgressTask? _task;
    private readonly bool _plain;
    private int _total;
    private readonly List<double> _epochSeconds = [];
    private double? _estimatedLeft;
    private double _sinceEstimate;

    private readonly Action<string> _writeLine;

    /// <param name="task">the progress bar on a terminal; null: plain lines.</param>
    /// <param name="writeLine">where plain lines go (default: standard output).</param>
    public ConsoleTrainingObserver(ProgressTask? task, Action<string>? writeLine = null)
    {
        _task = task;
        _plain = task is null;
        _writeLine = writeLine ?? System.Console.WriteLine;
    }

    public void OnStart(int firstEpoch, int totalEpochs)
    {
        _total = totalEpochs;
        if (_task is not null)
        {
            _task.MaxValue = totalEpochs;
            _task.Value = firstEpoch - 1;
        }
    }

    public void OnBatch(int epoch, int batch, int batches)
    {
        if (_task is null) return;
        _task.Value = epoch - 1 + batch / (double)batches;
    }

    public void OnEpoch(EpochRecord r)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = $"epoch {r.Epoch}/{_total}  loss {r.TrainLoss.ToString("F4", inv)}  valid acc {r.ValidAccuracy.ToString("F2", inv)}  valid wF1 {r.ValidWeightedF1.ToString("F2", inv)}{(r.TestWeightedF1 is { } t ? $"  test wF1 {t.ToString("F2", inv)}" : "")}{(r.Improved ? "  *" : "")}  ({r.Seconds.ToString("F1", inv)} s)";
        if (_task is not null)
        {
            _task.Value = r.Epoch;
            _task.Description = Markup.Escape(text);
        }
        else
        {
            _writeLine(text);
        }
        _epochSeconds.Add(r.Seconds);
        _sinceEstimate += r.Seconds;
        if (Estimate(_epochSeconds, r.Epoch, _total) is not { } estimate) return;
        // the first estimate, then a new one whenever the epochs since have drifted from what it promised
        if (_estimatedLeft is { } promised && !Revise(promised - _sinceEstimate, estimate.Seconds)) return;
        _estimatedLeft = estimate.Seconds;
        _sinceEstimate = 0;
        OnMessage(estimate.Text);
    }

    /// <summary>How long the rest of the run will take after epoch <paramref name="epoch"/> of
    /// <paramref name="totalEpochs"/>, from the times of the epochs this process ran (<paramref name="epochSeconds"/>, in
    /// order): epochs left × the first epoch's time after one epoch, else × the median of the later epochs (the first
    /// one carries the warm-up: loading, allocation, first-call costs, so it is left out once others are measured); null
    /// when no epoch is left.</summary>
    public static (double Seconds, string Text)? Estimate(IReadOnlyList<double> epochSeconds, int epoch, int totalEpochs)
    {
        ArgumentNullException.ThrowIfNull(epochSeconds);
        int left = totalEpochs - epoch;
        if (left <= 0 || epochSeconds.Count == 0) return null;
        var inv = CultureInfo.InvariantCulture;
        double perEpoch;
        string basis;
        if (epochSeconds.Count == 1)
        {
            perEpoch = epochSeconds[0];
            basis = $"{perEpoch.ToString("F1", inv)} s, the first epoch, which includes warm-up; re-estimated as epochs finish";
        }
        else
        {
            perEpoch = Median(epochSeconds.Skip(1));
            basis = epochSeconds.Count == 2
                ? $"{perEpoch.ToString("F1", inv)} s, the second epoch's time"
                : $"{perEpoch.ToString("F1", inv)} s, the median of the last {epochSeconds.Count - 1} epochs";
        }
        var seconds = left * perEpoch;
        return (seconds, $"Estimated time left: {Duration(seconds)} ({left} more epoch{(left == 1 ? "" : "s")} × {basis}; early stopping may end it sooner).");
    }

    /// <summary>Whether a new estimate is worth printing: it differs from what the last printed one leaves
    /// (<paramref name="expectedLeft"/>: that estimate less the epochs run since) by more than a fifth and more than 10 s.</summary>
    public static bool Revise(double expectedLeft, double newLeft)
    {
        double diff = Math.Abs(newLeft - expectedLeft);
        return diff > 10 && diff > 0.2 * Math.Max(expectedLeft, 0);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>"42 s", "3 min 5 s", "2 h 10 min".</summary>
    public static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{t.Seconds} s";
    }

    /// <summary>Warnings are shown once the run's results are printed (<see cref="Commands.TrainCommand"/>), where they are read.</summary>
    public void OnWarning(string warning) { }

    public void OnMessage(string message)
    {
        if (_plain) _writeLine(message);
        else AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
    }
}
