using Sure.Data;
using Sure.Data.Formats;
using Sure.Errors;

namespace Sure.Tests.Data;

/// <summary>COSMIC transcript pickles are told apart by their structure (speakers, number of labels), not by their item count alone.</summary>
public class CosmicClassSetTests
{
    private static string Write(TempDir tmp, byte[] pickle, string name = "talk.pkl")
    {
        var path = tmp.File(name);
        File.WriteAllBytes(path, pickle);
        return path;
    }

    [Theory]
    [InlineData(false, false, 6, "IEMOCAP", DatasetFormats.CosmicIemocapPickle, "M,F")] // 6 items, letter speakers, 6 labels
    [InlineData(true, true, 7, "MELD", DatasetFormats.CosmicMeldPickle, "S0,S1")]          // 7 items, one-hot speakers, 7 labels
    public void IemocapAndMeldStructuresLoadAsBefore(bool meldLayout, bool oneHot, int classes, string name, string format, string speakers)
    {
        using var tmp = new TempDir();
        var ds = DatasetLoader.Load(Write(tmp, TinyPickle.Cosmic(meldLayout, oneHot, classes)), null, out var report);
        Assert.Equal(format, ds.Format);
        Assert.Equal(name, ds.Name);
        Assert.Equal(meldLayout ? DatasetIdentity.Meld : DatasetIdentity.Iemocap, ds.Identity);
        Assert.Equal(meldLayout ? EmotionClasses.Meld : EmotionClasses.Iemocap, ds.ClassNames);
        Assert.Equal(speakers.Split(','), ds.Speakers());
        Assert.Equal([Split.Train, Split.Train, Split.Valid, Split.Test], ds.Dialogues.Select(d => d.Split));
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void SevenLabelsWithOneHotSpeakersInTheSixItemLayoutGetNumberedNamesAndAWarning()
    {
        using var tmp = new TempDir();
        var path = Write(tmp, TinyPickle.Cosmic(meldLayout: false, oneHot: true, classes: 7));
        var ds = DatasetLoader.Load(path, null, out var report);
        Assert.Equal(DatasetFormats.CosmicPickle, ds.Format);
        Assert.Equal("talk", ds.Name);
        Assert.Null(ds.Identity);
        Assert.Equal(["class0", "class1", "class2", "class3", "class4", "class5", "class6"], ds.ClassNames);
        var warning = Assert.Single(report.Warnings);
        Assert.Contains(path, warning);
        Assert.Contains("the classes setting", warning); // the library names the setting by its key, not the flag
    }

    [Fact]
    public void ClassNamesGivenNameTheClassesOfAnUnknownClassSet()
    {
        using var tmp = new TempDir();
        string[] names = ["neutral", "joy", "sadness", "anger", "fear", "disgust", "surprise"];
        var ds = DatasetLoader.Load(Write(tmp, TinyPickle.Cosmic(meldLayout: false, oneHot: true, classes: 7)), new DatasetLoadOptions { ClassNames = names }, out var report);
        Assert.Equal(names, ds.ClassNames);
        Assert.Equal(6, ds.Dialogues[1].Utterances[2].Label); // (1·4 + 2) mod 7
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void LabelOutOfRangeOfTheClassNamesGivenIsAnErrorNamingDialogueAndUtterance()
    {
        using var tmp = new TempDir();
        var path = Write(tmp, TinyPickle.Cosmic(meldLayout: false, oneHot: true, classes: 7));
        var e = Assert.Throws<SureDataException>(() => DatasetLoader.Load(path, new DatasetLoadOptions { ClassNames = ["a", "b", "c", "d", "e", "f"] }));
        // the first label 6: dialogue d1, utterance 2 ((1·4 + 2) mod 7)
        Assert.Equal($"{path}, dialogue d1, utterance 2: label 6 is out of range of classes (6 classes: a, b, c, d, e, f)", e.Message);
    }

    [Fact]
    public void SixLabelsWithOneHotSpeakersAreNotTakenForIemocap()
    {
        using var tmp = new TempDir();
        var ds = DatasetLoader.Load(Write(tmp, TinyPickle.Cosmic(meldLayout: false, oneHot: true, classes: 6)));
        Assert.Equal(DatasetFormats.CosmicPickle, ds.Format);
        Assert.True(EmotionClasses.AreNumbered(ds.ClassNames));
    }
}
