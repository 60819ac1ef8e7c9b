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
    }

    public void OnMessage(string message)
    {
        if (_plain) System.Console.WriteLine(message);
        else AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
    }
}
