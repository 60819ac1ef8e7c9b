namespace Sure.Tests.Cli;

/// <summary>
/// <c>--preset</c>: the dataset preset follows the data's identity or the option, never the file's name; the option is
/// kept in the run's config.json.
/// </summary>
public class PresetCliTests
{
    private static readonly string[] Tiny = ["--hidden", "16", "--heads", "2", "--experts", "3", "--top-k", "2", "--epochs", "1", "--threads", "1"];

    /// <summary>12 dialogues of 4 utterances with 4-d text features, two classes, in a file called IEMOCAP.jsonl.</summary>
    private static string DataNamedIemocap(string dir) => RunInputsAndClassesCliTests.FeatureData(dir, "IEMOCAP.jsonl", seed: 5);

    [Fact]
    public void AFileCalledIemocapGetsNoPresetUnlessAsked()
    {
        var dir = Directory.CreateTempSubdirectory("sure-cli-identity-").FullName;
        try
        {
            var data = DataNamedIemocap(dir);
            var plain = Path.Combine(dir, "plain");
            var (code, output, err) = SureCliRunner.Run(["train", "--data", data, "--out", plain, "--batch-size", "4", .. Tiny]);
            Assert.True(code == 0, err);
            Assert.DoesNotContain(" preset", output + err, StringComparison.OrdinalIgnoreCase);
            var config = Sure.Runs.RunFolder.ReadConfig(plain);
            Assert.Null(config.Preset);
            Assert.DoesNotContain("preset", File.ReadAllText(Path.Combine(plain, Sure.Runs.RunFolder.ConfigFile)));

            var asked = Path.Combine(dir, "asked");
            (code, output, err) = SureCliRunner.Run(["train", "--data", data, "--out", asked, "--preset", "iemocap", .. Tiny]);
            Assert.True(code == 0, err);
            Assert.Contains("IEMOCAP preset (paper §3.1)", output + err);
            Assert.Contains("Your settings replace: epochs 1.", output + err);
            config = Sure.Runs.RunFolder.ReadConfig(asked);
            Assert.Equal("iemocap", config.Preset);
            Assert.Equal(16, config.BatchSize);  // the IEMOCAP preset's
            Assert.Equal(1e-4, config.Lr);
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
