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
    private bool _estimated;

    public ConsoleTrainingObserver(ProgressTask? task)
    {
        _task = task;
        _plain = task is null;
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
        bool first = !_estimated;
        _estimated = true;
        var text = $"epoch {r.Epoch}/{_total}  loss {r.TrainLoss.ToString("F4", inv)}  valid acc {r.ValidAccuracy.ToString("F2", inv)}  valid wF1 {r.ValidWeightedF1.ToString("F2", inv)}{(r.TestWeightedF1 is { } t ? $"  test wF1 {t.ToString("F2", inv)}" : "")}{(r.Improved ? "  *" : "")}  ({r.Seconds.ToString("F1", inv)} s)";
        if (_task is not null)
        {
            _task.Value = r.Epoch;
            _task.Description = Markup.Escape(text);
        }
        else
        {
            System.Console.WriteLine(text);
        }
        if (first && Estimate(r, _total) is { } estimate) OnMessage(estimate);
    }

    /// <summary>After the first epoch this process ran: how long the rest will take (epochs left × that epoch's time);
    /// null when none is left.</summary>
    public static string? Estimate(EpochRecord r, int totalEpochs)
    {
        int left = totalEpochs - r.Epoch;
        if (left <= 0) return null;
        var seconds = left * r.Seconds;
        return $"Estimated time left: {Duration(seconds)} ({left} more epoch{(left == 1 ? "" : "s")} × {r.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s; early stopping may end it sooner).";
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
        if (_plain) System.Console.WriteLine(message);
        else AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
    }
}
