using Sure.Cli.Console;
using Sure.Training;

namespace Sure.Tests.Cli;

/// <summary>The time-left estimate <c>sure train</c> prints after its first epoch: epochs left × that epoch's time.</summary>
public class TrainingEstimateTests
{
    [Theory]
    [InlineData(1, 20, 12.5, "Estimated time left: 3 min 58 s (19 more epochs × 12.5 s; early stopping may end it sooner).")] // 19 × 12.5 = 237.5 s
    [InlineData(1, 2, 42.0, "Estimated time left: 42 s (1 more epoch × 42.0 s; early stopping may end it sooner).")]
    [InlineData(3, 150, 60.0, "Estimated time left: 2 h 27 min (147 more epochs × 60.0 s; early stopping may end it sooner).")] // 8820 s
    public void Epochs_left_times_the_epoch_just_measured(int epoch, int total, double seconds, string expected) =>
        Assert.Equal(expected, ConsoleTrainingObserver.Estimate(new EpochRecord { Epoch = epoch, Seconds = seconds }, total));

    [Fact]
    public void No_estimate_after_the_last_epoch() =>
        Assert.Null(ConsoleTrainingObserver.Estimate(new EpochRecord { Epoch = 5, Seconds = 1 }, 5));
}
