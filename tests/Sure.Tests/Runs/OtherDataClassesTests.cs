using Sure.Data;
using Sure.Data.Formats;
using Sure.Errors;
using Sure.Runs;
using Xunit;

namespace Sure.Tests.Runs;

/// <summary><c>sure eval --data</c> / <c>sure explain --data</c>: other data's labels reach the model's classes by name,
/// not by position (a model trained across corpora, with MELD's classes in its own order, scored on MELD's file).</summary>
public sealed class OtherDataClassesTests
{
    private static readonly string[] Model = ["neu", "hap", "sad"];

    private static ConversationDataset Data(string[] classes, params int[] labels) => new()
    {
        Name = "other", Source = "other.jsonl", ClassNames = classes,
        Dialogues = [new Dialogue { Id = "d1", Split = Split.Test, Utterances = [.. labels.Select((l, i) => new Utterance { Speaker = $"S{i % 2}", Label = l, Text = $"turn {i}" })] }],
    };

    private static int[] Labels(ConversationDataset ds) => [.. ds.Dialogues[0].Utterances.Select(u => u.Label)];

    [Fact]
    public void ClassesInAnotherOrderAreMatchedByNameAndAnUnknownOneIsLeftOutWithAWarning()
    {
        // the data's classes: 0 sad, 1 neu, 2 hap, 3 xxx → the model's: sad 2, neu 0, hap 1, xxx none
        var (ds, warnings) = RunData.InModelClasses(Data(["sad", "NEU", "hap", "xxx"], 0, 1, 2, 1, 3, -1), Model);
        Assert.Equal([2, 0, 1, 0, -1, -1], Labels(ds));
        Assert.Equal(Model, ds.ClassNames);
        var w = Assert.Single(warnings);
        Assert.Contains("1 utterances", w);
        Assert.Contains("'xxx' ×1", w);
        Assert.Equal("turn 4", ds.Dialogues[0].Utterances[4].Text);
    }

    [Fact]
    public void ALabelMapSendsTheDatasLabelsToTheModelsClasses()
    {
        var (ds, warnings) = RunData.InModelClasses(Data(["neutral", "joy", "excited"], 0, 1, 2), Model, LabelMap.FromSpec("neutral=neu,joy=hap,excited=hap"));
        Assert.Equal([0, 1, 1], Labels(ds));
        Assert.Empty(warnings);
    }

    [Fact]
    public void TheSameClassesInTheSameOrderOrUnnamedOnesOfTheSameCountAreKeptAsTheyAre()
    {
        var same = Data(Model, 2, 1, 0);
        Assert.Same(same, RunData.InModelClasses(same, Model).Dataset);
        var unnamed = Data(EmotionClasses.Numbered(3), 2, 1, 0);
        Assert.Same(unnamed, RunData.InModelClasses(unnamed, Model).Dataset);
    }

    [Fact]
    public void DataWithNoClassOfTheModelOrAMapToAnUnknownClassIsOneLineAskingForAMap()
    {
        var none = Assert.Throws<SureUserException>(() => RunData.InModelClasses(Data(["anger", "joy"], 0, 1), Model));
        Assert.Contains("none of its classes (anger, joy) is one of the model's (neu, hap, sad)", none.Message);
        Assert.Contains("--label-map", none.Message);
        var bad = Assert.Throws<SureUserException>(() => RunData.InModelClasses(Data(["anger", "neu"], 0, 1), Model, LabelMap.FromSpec("anger=fury")));
        Assert.Contains("'anger' to 'fury'", bad.Message);
    }
}
