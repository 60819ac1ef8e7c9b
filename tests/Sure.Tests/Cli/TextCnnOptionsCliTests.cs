using System.CommandLine;
using Sure.Cli.Commands;
using Sure.Configuration;

namespace Sure.Tests.Cli;

/// <summary>The --textcnn-* and --no-warm-start options land in <see cref="SureConfig.TextCnn"/>, leaving the other TextCNN settings at their defaults.</summary>
public class TextCnnOptionsCliTests
{
    /// <summary>The configuration the training commands' options give for <paramref name="args"/>.</summary>
    internal static SureConfig Parse(params string[] args)
    {
        var options = new ConfigOptions();
        var command = new RootCommand();
        options.AddTo(command);
        var result = command.Parse(args);
        Assert.Empty(result.Errors);
        return ConfigLayers.Compose(options.Layer(result));
    }

    [Fact]
    public void TextCnnOptionsMapToTheConfig()
    {
        var c = Parse("--textcnn-epochs", "40", "--textcnn-patience", "6", "--textcnn-lr", "0.002", "--textcnn-folds", "5", "--textcnn-seed", "9", "--no-warm-start", "--textcnn-export", "log-probs");
        Assert.Equal(40, c.TextCnn.Epochs);
        Assert.Equal(6, c.TextCnn.Patience);
        Assert.Equal(0.002, c.TextCnn.Lr);
        Assert.Equal(5, c.TextCnn.Folds);
        Assert.Equal(9, c.TextCnn.Seed);
        Assert.False(c.TextCnn.WarmStart);
        Assert.Equal("log-probs", c.TextCnn.Export);
        Assert.Equal(new Sure.Configuration.TextCnnOptions().Filters, c.TextCnn.Filters);
    }

    [Fact]
    public void WithoutOptionsTheTextCnnDefaultsHold()
    {
        var c = Parse();
        Assert.Equal(new Sure.Configuration.TextCnnOptions(), c.TextCnn);
        Assert.True(c.TextCnn.WarmStart);
    }

    [Fact]
    public void ABadTextCnnValueIsAUserError()
    {
        var e = Assert.ThrowsAny<Sure.Errors.SureUserException>(() => Parse("--textcnn-folds", "-1").Validate());
        Assert.Contains("folds", e.Message);
    }

    [Fact]
    public void FeaturesTextTakesTheSameTextCnnOptionNamesAsTrain()
    {
        var features = FeaturesCommand.Create().Subcommands.Single(c => c.Name == "text");
        var parsed = features.Parse(["--data", "d.jsonl", "--glove", "g.txt", "--out", "o.jsonl",
            "--textcnn-epochs", "40", "--textcnn-patience", "6", "--textcnn-lr", "0.002", "--textcnn-folds", "5", "--textcnn-seed", "9", "--textcnn-export", "log-probs"]);
        Assert.Empty(parsed.Errors);
        object? Value(string name) => parsed.GetResult(features.Options.Single(o => o.Name == name)) is { } r ? r.GetValueOrDefault<object>() : null;
        Assert.Equal(40, Value("--epochs"));
        Assert.Equal(6, Value("--patience"));
        Assert.Equal(0.002, Value("--lr"));
        Assert.Equal(5, Value("--folds"));
        Assert.Equal(9, Value("--seed"));
        Assert.Equal("log-probs", Value("--export"));
    }
}
