using Sure.Cli.Console;

namespace Sure.Tests.Cli;

/// <summary>The time-left estimate <c>sure train</c> prints: after the first epoch (epochs left × its time), then again
/// when the epochs since drift from it (epochs left × the median of the epochs after the first, which carries the warm-up).</summary>
public class TrainingEstimateTests
{
    [Theory]
    [InlineData(1, 20, 12.5, "Estimated time left: 3 min 58 s (19 more epochs × 12.5 s, the first epoch, which includes warm-up; re-estimated as epochs finish; early stopping may end it sooner).")] // 19 × 12.5 = 237.5 s
    [InlineData(1, 2, 42.0, "Estimated time left: 42 s (1 more epoch × 42.0 s, the first epoch, which includes warm-up; re-estimated as epochs finish; early stopping may end it sooner).")]
    [InlineData(3, 150, 60.0, "Estimated time left: 2 h 27 min (147 more epochs × 60.0 s, the first epoch, which includes warm-up; re-estimated as epochs finish; early stopping may end it sooner).")] // 8820 s (resumed at epoch 3)
    public void After_one_epoch_epochs_left_times_its_time(int epoch, int total, double seconds, string expected) =>
        Assert.Equal(expected, ConsoleTrainingObserver.Estimate([seconds], epoch, total)?.Text);

    [Fact]
    public void Later_the_median_of_the_epochs_after_the_first()
    {
        // a 30 s first epoch (warm-up), then 10, 12, 9 s: median of 10, 12, 9 = 10 s; 96 epochs left of 100 → 960 s
        var e = ConsoleTrainingObserver.Estimate([30, 10, 12, 9], 4, 100)!.Value;
        Assert.Equal(960, e.Seconds, 9);
        Assert.Equal("Estimated time left: 16 min 0 s (96 more epochs × 10.0 s, the median of the last 3 epochs; early stopping may end it sooner).", e.Text);
        // two epochs: the second's time; an even count: the mean of the middle two (10, 12, 9, 14 → 11)
        Assert.Equal(8 * 10.0, ConsoleTrainingObserver.Estimate([30, 10], 2, 10)!.Value.Seconds, 9);
        Assert.Equal(5 * 11.0, ConsoleTrainingObserver.Estimate([30, 10, 12, 9, 14], 5, 10)!.Value.Seconds, 9);
    }

    [Fact]
    public void No_estimate_after_the_last_epoch() =>
        Assert.Null(ConsoleTrainingObserver.Estimate([1.0], 5, 5));

    [Theory]
    [InlineData(2960, 980, true)]   // 99 × 30 s promised after a slow first epoch, less a 10 s epoch; now 98 × 10 s
    [InlineData(100, 110, false)]   // within a fifth
    [InlineData(20, 28, false)]     // over a fifth but within 10 s
    [InlineData(100, 79, true)]
    public void Reprinted_only_when_it_moved_by_a_fifth_and_10_s(double expectedLeft, double newLeft, bool revise) =>
        Assert.Equal(revise, ConsoleTrainingObserver.Revise(expectedLeft, newLeft));

    [Fact]
    public void A_slow_first_epoch_is_corrected_after_the_second_and_then_stays_quiet()
    {
        // a 30 s warm-up epoch, then steady 9–11 s epochs, of 100
        var lines = new List<string>();
        var observer = new ConsoleTrainingObserver(null, lines.Add);
        observer.OnStart(1, 100);
        double[] seconds = [30, 10, 10, 11, 9, 10, 10];
        for (int i = 0; i < seconds.Length; i++)
            observer.OnEpoch(new Sure.Training.EpochRecord { Epoch = i + 1, Seconds = seconds[i] });
        var estimates = lines.Where(l => l.StartsWith("Estimated time left", StringComparison.Ordinal)).ToList();
        // 99 × 30 s = 49 min 30 s after epoch 1; 98 × 10 s = 16 min 20 s after epoch 2; later ones stay within a fifth of that
        Assert.Equal(2, estimates.Count);
        Assert.StartsWith("Estimated time left: 49 min 30 s (99 more epochs × 30.0 s, the first epoch", estimates[0]);
        Assert.StartsWith("Estimated time left: 16 min 20 s (98 more epochs × 10.0 s, the second epoch's time", estimates[1]);
        Assert.Equal(seconds.Length + 2, lines.Count);
    }
}
