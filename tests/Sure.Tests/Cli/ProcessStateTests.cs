using Sure.Data;
using Sure.Inference;
using Sure.Loading;
using Sure.Runs;
using Sure.Tests.Training;
using TorchSharp;

namespace Sure.Tests.Cli;

/// <summary>
/// libtorch's thread count is process-wide: the library never changes it (training, data loading and the predictor run
/// under whatever the application set), the CLI sets it once from <c>--threads</c>. Runs alone (it changes the count).
/// </summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class ProcessStateTests
{
    [Fact]
    public void TrainingLoadingAndPredictingLeaveTheThreadCountAlone()
    {
        int before = torch.get_num_threads();
        var tmp = TinyRuns.TempDir();
        try
        {
            var config = TinyRuns.Config(epochs: 1) with { Threads = before + 1 };
            var data = DataSource.Load(config);
            Assert.Equal(before, torch.get_num_threads());
            TrainingRun.Execute(config, data, tmp);
            Assert.Equal(before, torch.get_num_threads());
            using (SurePredictor.Open(Path.Combine(tmp, ModelFile.FileName), new PredictorOptions(Threads: before + 1)))
                Assert.Equal(before, torch.get_num_threads());
        }
        finally
        {
            Directory.Delete(tmp, true);
        }
    }

    [Fact]
    public void TheCliAppliesThreadsOnce()
    {
        int before = torch.get_num_threads();
        int wanted = before == 1 ? 2 : 1;
        var tmp = TinyRuns.TempDir();
        try
        {
            var (code, _, err) = SureCliRunner.Run("train", "--hidden", "16", "--heads", "2", "--experts", "3", "--top-k", "2", "--epochs", "1",
                "--synth-train", "8", "--synth-valid", "3", "--synth-test", "3", "--threads", wanted.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--out", Path.Combine(tmp, "run"));
            Assert.True(code == 0, err);
            Assert.Equal(wanted, torch.get_num_threads());
        }
        finally
        {
            torch.set_num_threads(before);
            Directory.Delete(tmp, true);
        }
    }
}
