using Sure.Cli.Commands;
using Sure.Configuration;
using Sure.Text.Bert;

namespace Sure.Tests.Cli;

/// <summary>The --encoder-* options land in <see cref="SureConfig.Encoder"/> (fine-tuning of minilm-ft / arctic-xs-ft).</summary>
public class EncoderOptionsCliTests
{
    private static SureConfig Parse(params string[] args) => TextCnnOptionsCliTests.Parse(args);

    [Fact]
    public void EncoderOptionsMapToTheConfigAndRoundTripThroughJson()
    {
        var c = Parse("--text-encoder", "arctic-xs-ft", "--encoder-epochs", "5", "--encoder-lr", "3e-5", "--encoder-batch-size", "8",
            "--encoder-max-tokens", "128", "--encoder-patience", "1", "--encoder-seed", "7", "--encoder-context", "2", "--encoder-train-word-embeddings").Validate();
        Assert.Equal("arctic-xs-ft", c.TextEncoder);
        Assert.Equal(new BertFineTuneOptions { Epochs = 5, Lr = 3e-5, BatchSize = 8, MaxTokens = 128, Patience = 1, Seed = 7, Context = 2, FreezeWordEmbeddings = false }, c.Encoder);
        Assert.Equal(c, SureConfig.FromJson(c.ToJson(), "test"));
        Assert.Equal(new BertFineTuneOptions(), Parse().Encoder);
    }

    [Fact]
    public void ABadEncoderValueIsAUserError()
    {
        var e = Assert.ThrowsAny<Sure.Errors.SureUserException>(() => Parse("--encoder-max-tokens", "1000").Validate());
        Assert.Contains("encoder.maxTokens must be in [3, 512]", e.Message);  // the library names the setting
        Assert.Contains("--encoder-max-tokens must be in [3, 512]", Sure.Cli.CliVocabulary.Message(e)); // the CLI its flag
        e = Assert.ThrowsAny<Sure.Errors.SureUserException>(() => Parse("--encoder-context", "-1").Validate());
        Assert.Contains("--encoder-context", Sure.Cli.CliVocabulary.Message(e));
    }

    [Fact]
    public void TheFoldAverageNeedsCrossFittingAndRoundTripsThroughJson()
    {
        var c = Parse("--text-encoder", "minilm-ft", "--encoder-folds", "3", "--encoder-fold-average").Validate();
        Assert.Equal(new BertFineTuneOptions { Folds = 3, FoldAverage = true }, c.Encoder);
        Assert.Equal(c, SureConfig.FromJson(c.ToJson(), "test"));
        var e = Assert.ThrowsAny<Sure.Errors.SureUserException>(() => Parse("--text-encoder", "minilm-ft", "--encoder-fold-average").Validate());
        Assert.Contains("--encoder-fold-average needs --encoder-folds 2 or more", Sure.Cli.CliVocabulary.Message(e));
    }

    [Fact]
    public void TheEncodersClassWeightingIsAutoOnOrOffAndRoundTripsThroughJson()
    {
        Assert.Equal(true, Parse("--text-encoder", "minilm-ft").Encoder.ClassWeighted); // the default: weighted
        foreach (var (flag, expected) in new (string, bool?)[] { ("on", true), ("off", false), ("auto", null) })
        {
            var c = Parse("--text-encoder", "minilm-ft", "--encoder-class-weights", flag).Validate();
            Assert.Equal(expected, c.Encoder.ClassWeighted);
            Assert.Equal(c, SureConfig.FromJson(c.ToJson(), "test"));
        }
        // auto is written as null and read back as null, not as the default
        Assert.Null(SureConfig.FromJson("{\"textEncoder\": \"minilm-ft\", \"encoder\": {\"classWeighted\": null}}", "test").Encoder.ClassWeighted);
        Assert.Equal(true, SureConfig.FromJson("{\"textEncoder\": \"minilm-ft\", \"encoder\": {}}", "test").Encoder.ClassWeighted);
    }

    [Fact]
    public void FeaturesTextTakesTheEncoderOptions()
    {
        var features = FeaturesCommand.Create().Subcommands.Single(c => c.Name == "text");
        var parsed = features.Parse(["--data", "d.jsonl", "--out", "o.jsonl", "--text-encoder", "minilm-ft", "--encoder-epochs", "1", "--encoder-max-tokens", "32", "--encoder-context", "1", "--encoder-train-word-embeddings"]);
        Assert.Empty(parsed.Errors);
        object? Value(string name) => parsed.GetResult(features.Options.Single(o => o.Name == name)) is { } r ? r.GetValueOrDefault<object>() : null;
        Assert.Equal("minilm-ft", Value("--text-encoder"));
        Assert.Equal(1, Value("--encoder-epochs"));
        Assert.Equal(32, Value("--encoder-max-tokens"));
        Assert.Equal(1, Value("--encoder-context"));
        Assert.Equal(true, Value("--encoder-train-word-embeddings"));
    }
}
