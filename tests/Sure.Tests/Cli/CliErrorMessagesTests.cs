using System.Reflection;
using Sure.Cli.Commands;
using Sure.Configuration;
using Sure.Data;
using Sure.Inference;
using Sure.Tests.Data;

namespace Sure.Tests.Cli;

/// <summary>Errors that say what is wrong: unknown options with the nearest known one, a training checkpoint given as a
/// model file, one version number, and --help showing the actual defaults.</summary>
[Collection("Console")]
public class CliErrorMessagesTests
{
    [Theory]
    [InlineData(new[] { "train", "--epoch", "3" }, "error: unknown option '--epoch'; did you mean --epochs? (see 'sure train --help')")]
    [InlineData(new[] { "train", "--hiden", "64" }, "error: unknown option '--hiden'; did you mean --hidden? (see 'sure train --help')")]
    [InlineData(new[] { "train", "--wibble" }, "error: unknown option '--wibble' (see 'sure train --help')")]
    [InlineData(new[] { "predict", "--modle", "X", "in.txt" }, "error: unknown option '--modle'; did you mean --model? (see 'sure predict --help')")]
    public void An_unknown_option_is_blamed_with_the_nearest_known_one(string[] args, string message)
    {
        var (code, _, err) = SureCliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Equal(message, err.Trim());
    }

    [Theory]
    [InlineData("--epoch", "--epochs", 1)]
    [InlineData("--modle", "--model", 1)]  // two neighbours swapped: one edit
    [InlineData("--lr", "--lr", 0)]
    [InlineData("kitten", "sitting", 3)]
    public void Edit_distance_counts_insertions_deletions_substitutions_and_swaps(string a, string b, int distance) =>
        Assert.Equal(distance, ParseErrors.Distance(a, b));

    [Fact]
    public void A_training_checkpoint_given_as_a_model_says_which_file_to_use()
    {
        using var tmp = new TempDir();
        var run = Directory.CreateDirectory(tmp.File("run")).FullName;
        File.WriteAllText(Path.Combine(run, "config.json"), "{}");
        File.WriteAllText(Path.Combine(run, "model.json"), "{}");
        var best = Path.Combine(run, "best.pt");
        File.WriteAllBytes(best, [1, 2, 3, 4, 5, 6, 7, 8]);
        var input = tmp.Write("in.txt", "A: hi\n");

        var (code, _, err) = SureCliRunner.Run("predict", "--model", best, input);
        Assert.Equal(1, code);
        Assert.Equal($"error: {best}: this is a training checkpoint, not a model file: use its run's model.sure, or run sure export --checkpoint {run}.", err.Trim());

        File.WriteAllBytes(Path.Combine(run, ModelFile.FileName), [0]);
        (code, _, err) = SureCliRunner.Run("predict", "--model", best, input);
        Assert.Equal(1, code);
        Assert.Equal($"error: {best}: this is a training checkpoint, not a model file: use {Path.Combine(run, ModelFile.FileName)} (the run's model file).", err.Trim());

        (code, _, err) = SureCliRunner.Run("predict", "--model", run, input);
        Assert.Equal($"error: {run}: a folder; --model takes a model file: use {Path.Combine(run, ModelFile.FileName)}.", err.Trim());
    }

    [Fact]
    public void One_version_number_everywhere()
    {
        // `sure --version` prints the informational version of the entry assembly, sure.dll (in-process here, the entry
        // assembly is the test host's, so the attribute is read directly)
        var version = typeof(Sure.Cli.SureCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", version); // no build metadata (+commit)
        Assert.Equal(version, BuildInfo.Version);
        foreach (var assembly in new[] { typeof(Sure.Cli.SureCli).Assembly, typeof(Sure.Server.SureServer).Assembly, typeof(SurePredictor).Assembly })
            Assert.Equal(version, assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion);
        // the packages take the same MSBuild property: no project sets a version of its own
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Directory.Build.props"))) root = Path.GetDirectoryName(root)!;
        Assert.Contains($"<SureVersion>{version}</SureVersion>", File.ReadAllText(Path.Combine(root, "Directory.Build.props")));
        foreach (var project in Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories))
            Assert.DoesNotContain("<Version>", File.ReadAllText(project));
    }

    [Fact]
    public void Help_shows_the_actual_defaults_and_the_presets_that_replace_them()
    {
        var (code, output, _) = SureCliRunner.Run("train", "--help");
        Assert.Equal(0, code);
        var defaults = new SureConfig();
        var train = Sure.Cli.SureCli.Build().Subcommands.Single(c => c.Name == "train");
        string Line(string option) => train.Options.Single(o => o.Name == option).Description!; // what --help prints for it
        Assert.DoesNotContain("(paper:", output);
        Assert.Contains($"Default: {defaults.Hidden} (the paper's); presets: {Sure.Loading.InputPresets.GivenVectors.Settings["hidden"]} for given vectors, ", Line("--hidden"));
        Assert.Contains($"; {Presets.For(DatasetIdentity.SynthErc)["hidden"]} for syntherc.", Line("--hidden"));
        Assert.Contains($"Default: {defaults.Epochs}; presets: {Sure.Loading.InputPresets.GivenVectors.Settings["epochs"]} for given vectors, ", Line("--epochs"));
        Assert.EndsWith($"; --preset paper: iemocap {Presets.For(DatasetIdentity.Iemocap)["epochs"]}, meld {Presets.For(DatasetIdentity.Meld)["epochs"]}.", Line("--epochs"));
        Assert.Contains($"Default: {defaults.Seed}.", Line("--seed"));
        Assert.Contains($"Default: {defaults.TopK} (the paper's).", Line("--top-k"));
    }
}
