using Sure.Cli;
using Sure.Configuration;
using Sure.Errors;
using Sure.Tests.Cli;

namespace Sure.Tests.Errors;

/// <summary>Library messages name settings by their keys; the CLI renders the same messages with its flags.</summary>
public class SettingVocabularyTests
{
    [Fact]
    public void RenderUsesTheKeyTheGivenTextOrTheVocabulary()
    {
        var message = $"{Setting.Name("glove")} is missing; {Setting.Name("textEncoder", "the text encoder")} needs it";
        Assert.Equal("glove is missing; the text encoder needs it", Setting.Render(message));
        Assert.Equal("--glove is missing; --text-encoder needs it", Setting.Render(message, k => "--" + k.ToLowerInvariant() switch { "textencoder" => "text-encoder", var x => x }));
        Assert.Equal("glove is missing; <T> needs it", Setting.Render(message, k => k == "textEncoder" ? "<T>" : null));
        Assert.Equal(["glove", "textEncoder"], Setting.KeysIn(message));
        Assert.Equal("no settings here", Setting.Render("no settings here", _ => "x"));
    }

    [Fact]
    public void ACoreErrorNamesTheSettingNotAFlag()
    {
        var e = Assert.Throws<SureUserException>(() => new SureConfig { Hidden = 3 }.Validate());
        Assert.Equal("Invalid value 3: hidden must be an even number ≥ 2.", e.Message);
        Assert.DoesNotContain("--", e.Message);
        Assert.Equal(["hidden"], e.Settings);
        Assert.Equal("Invalid value 3: --hidden must be an even number ≥ 2.", CliVocabulary.Message(e));
    }

    [Fact]
    public void NestedAndArgumentKeysMapToTheirFlags()
    {
        Assert.Equal("--encoder-epochs", CliVocabulary.Flag("encoder.epochs"));
        Assert.Equal("--textcnn-folds", CliVocabulary.Flag("textCnn.folds"));
        Assert.Equal("--top-k", CliVocabulary.Flag("topK"));
        Assert.Equal("--seeds", CliVocabulary.Flag("seeds"));
        Assert.Null(CliVocabulary.Flag("cvFold"));
        var e = Assert.Throws<SureUserException>(() => Sure.Experiments.SeedList.Parse("3..1", 1));
        Assert.StartsWith("seeds '3..1'", e.Message);
        Assert.StartsWith("--seeds '3..1'", CliVocabulary.Message(e));
    }
}

/// <summary>The same error through the CLI names the flag.</summary>
[Collection("Console")]
public class SettingVocabularyCliTests
{
    [Fact]
    public void TheCliPrintsTheFlag()
    {
        var (code, _, err) = SureCliRunner.Run("train", "--hidden", "3");
        Assert.Equal(1, code);
        Assert.Equal("error: Invalid value 3: --hidden must be an even number ≥ 2.", err.Trim());
    }
}
