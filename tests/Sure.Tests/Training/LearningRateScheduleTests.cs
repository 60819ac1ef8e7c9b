using Sure.Configuration;
using Sure.Training;

namespace Sure.Tests.Training;

public class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0.5, 0.25)]   // warm-up: linear, lr · t / W
    [InlineData(1.0, 0.5)]
    [InlineData(2.0, 1.0)]    // end of warm-up
    [InlineData(6.0, 0.5)]    // half-way through the decay: ½(1 + cos(π/2))
    [InlineData(10.0, 0.0)]   // end: 0
    public void CosineScheduleWarmsUpLinearlyThenDecaysToZero(double epochsDone, double expected)
    {
        var config = new SureConfig { Lr = 1, Epochs = 10, WarmupEpochs = 2, LrSchedule = LrSchedule.Cosine };
        Assert.Equal(expected, Trainer.LearningRate(config, epochsDone), 9);
    }

    [Fact]
    public void ConstantScheduleIsThePapersFixedRate()
    {
        var config = new SureConfig { Lr = 3e-4, Epochs = 10 };
        Assert.All(new[] { 0.0, 0.5, 5, 9.99 }, t => Assert.Equal(3e-4, Trainer.LearningRate(config, t)));
    }

    [Fact]
    public void TheFirstStepOfWarmUpIsSmallButNotZero()
    {
        var config = new SureConfig { Lr = 1, Epochs = 10, WarmupEpochs = 1, LrSchedule = LrSchedule.Cosine };
        Assert.InRange(Trainer.LearningRate(config, 0), 1e-4, 1e-2);
    }
}
