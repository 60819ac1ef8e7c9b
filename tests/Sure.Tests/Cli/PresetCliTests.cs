namespace Sure.Tests.Cli;

/// <summary>
/// <c>--preset</c>: the preset follows the kind of input, the dataset's facts follow the data's identity or the option,
/// never the file's name; <c>--preset paper</c> gives the paper's values; the option is kept in the run's config.json.
/// </summary>
public class PresetCliTests
{
    private static readonly string[] Tiny = ["--hidden", "16", "--heads", "2", "--experts", "3", "--top-k", "2", "--epochs", "1", "--threads", "1"];

    /// <summary>12 dialogues of 4 utterances with 4-d text features, two classes, in a file called IEMOCAP.jsonl.</summary>
    private static string DataNamedIemocap(string dir) => RunInputsAndClassesCliTests.FeatureData(dir, "IEMOCAP.jsonl", seed: 5);

    [Fact]
    public void AFileCalledIemocapGetsNoDatasetPresetUnlessAsked()
    {
        var dir = Directory.CreateTempSubdirectory("sure-cli-identity-").FullName;
        try
        {
            var data = DataNamedIemocap(dir);
            var plain = Path.Combine(dir, "plain");
            var (code, output, err) = SureCliRunner.Run(["train", "--data", data, "--out", plain, "--batch-size", "4", .. Tiny]);
            Assert.True(code == 0, err);
            // the preset of its input (given vectors), none of IEMOCAP's
            Assert.Contains("Preset for given vectors: ", output + err);
            Assert.Contains("Your settings replace: hidden 16, heads 2, epochs 1.", output + err);
            Assert.DoesNotContain("max speakers 2", output + err);
            var config = Sure.Runs.RunFolder.ReadConfig(plain);
            Assert.Null(config.Preset);
            Assert.Equal(9, config.MaxSpeakers); // the default, not IEMOCAP's 2
            Assert.True(config.Residual && config.MemorySkip);
            Assert.DoesNotContain("preset", File.ReadAllText(Path.Combine(plain, Sure.Runs.RunFolder.ConfigFile)));

            var asked = Path.Combine(dir, "asked");
            (code, output, err) = SureCliRunner.Run(["train", "--data", data, "--out", asked, "--preset", "iemocap", .. Tiny]);
            Assert.True(code == 0, err);
            Assert.Contains("IEMOCAP: batch size 16, max speakers 2, class weights from training frequencies", output + err);
            config = Sure.Runs.RunFolder.ReadConfig(asked);
            Assert.Equal("iemocap", config.Preset);
            Assert.Equal(16, config.BatchSize);  // IEMOCAP's
            Assert.Equal(2, config.MaxSpeakers);
            Assert.Equal(5e-4, config.Lr);       // given vectors'

            var paper = Path.Combine(dir, "paper");
            (code, output, err) = SureCliRunner.Run(["train", "--data", data, "--out", paper, "--preset", "paper", .. Tiny]);
            Assert.True(code == 0, err);
            Assert.Contains("Paper preset", output + err);
            config = Sure.Runs.RunFolder.ReadConfig(paper);
            Assert.Equal("paper", config.Preset);
            Assert.False(config.Residual || config.MemorySkip);
            Assert.Equal(1e-4, config.Lr);       // the paper's default
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AnUnknownPresetIsRefused()
    {
        var (code, _, err) = SureCliRunner.Run("train", "--preset", "IEMOCAP", "--epochs", "1");
        Assert.NotEqual(0, code);
        Assert.Contains("'IEMOCAP'", err); // the choices are lower case
    }
}
