using Sure.Cli;

namespace Sure.Tests.Cli;

/// <summary>The CLI's contract for user mistakes: one line on stderr, a non-zero exit, no stack trace.</summary>
[Collection("Console")]
public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => SureCliRunner.Run(args);

    [Theory]
    [InlineData("train", "--bogus")]
    [InlineData("train", "--epochs", "0")]
    [InlineData("train", "--epochs", "many")]
    [InlineData("train", "--corruption", "2")]
    [InlineData("train", "--modalities", "tx")]
    [InlineData("train", "--routing", "random")]
    [InlineData("train", "--top-k", "5")]
    [InlineData("train", "--heads", "7")]
    [InlineData("train", "--data", "/nonexistent/file.pkl")]
    [InlineData("train", "--config", "/nonexistent/config.json")]
    [InlineData("eval", "--checkpoint", "/nonexistent/run")]
    [InlineData("frobnicate")]
    public void BadInputGivesOneLineErrorAndNonZeroExit(params string[] args)
    {
        var (code, _, err) = Run(args);
        Assert.NotEqual(0, code);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error:", lines[0]);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void BadConfigFileIsNamed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sure-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"hiddenn\": 3 }");
        var (code, _, err) = Run("train", "--config", path);
        Assert.Equal(1, code);
        Assert.Contains(path, err);
    }

    [Fact]
    public void ResumeRefusesOtherSettings()
    {
        var (code, _, err) = Run("train", "--resume", "/tmp/x", "--epochs", "3");
        Assert.NotEqual(0, code);
        Assert.Contains("--resume", err);
    }

    [Fact]
    public void CudaDeviceOnTheCpuBuildNamesTheBuildSwitchAndWritesNothing()
    {
        Assert.False(Sure.Configuration.TorchBackend.HasCuda); // the tests run on the default CPU build
        var dir = Path.Combine(Path.GetTempPath(), $"sure-cuda-{Guid.NewGuid():N}");
        var (code, _, err) = Run("train", "--device", "cuda", "--epochs", "1", "--out", dir);
        Assert.Equal(1, code);
        Assert.Equal("error: --device cuda: this build of Sure uses the CPU-only libtorch; build with -p:TorchBackend=cuda for a GPU (docs/gpu.md).", err.Trim());
        Assert.False(Directory.Exists(dir));
    }
}
