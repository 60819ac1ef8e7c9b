using System.Text.Json;
using Sure.Configuration;
using Sure.Data;
using Sure.Errors;
using Sure.Synth;

namespace Sure.Tests.Synth;

public class SynthErcGeneratorTests
{
    private static readonly SynthErcOptions Small = new()
    {
        TrainDialogues = 20, ValidDialogues = 5, TestDialogues = 6, MinLength = 5, MaxLength = 12, TextDim = 8, AudioDim = 6, VisualDim = 4,
    };

    private static IEnumerable<(string, int, float[]?[], string)> Flatten(ConversationDataset ds) =>
        ds.Dialogues.SelectMany(d => d.Utterances.Select(u => (d.Id, u.Label, u.Features, u.Speaker)));

    [Fact]
    public void SameSeed_IdenticalDataset_OtherSeed_Different()
    {
        var a = SynthErc.Create(Small);
        var b = SynthErc.Create(Small with { });
        var c = SynthErc.Create(Small with { Seed = Small.Seed + 1 });
        Assert.Equal(a.Dataset.Dialogues.Select(d => (d.Id, d.Split, d.Count)), b.Dataset.Dialogues.Select(d => (d.Id, d.Split, d.Count)));
        foreach (var ((_, la, fa, sa), (_, lb, fb, sb)) in Flatten(a.Dataset).Zip(Flatten(b.Dataset)))
        {
            Assert.Equal(la, lb);
            Assert.Equal(sa, sb);
            for (int m = 0; m < Modalities.Count; m++) Assert.Equal(fa[m], fb[m]);
        }
        Assert.Equal(a.Test.BayesAccuracy, b.Test.BayesAccuracy);
        Assert.Equal(a.Truth.OrderBy(kv => kv.Key).Select(kv => kv.Value), b.Truth.OrderBy(kv => kv.Key).Select(kv => kv.Value));

        var labelsA = Flatten(a.Dataset).Select(t => t.Item2).ToArray();
        var labelsC = Flatten(c.Dataset).Select(t => t.Item2).ToArray();
        Assert.NotEqual(labelsA, labelsC);
        Assert.NotEqual(a.Dataset.Dialogues[0].Utterances[0].Features[0], c.Dataset.Dialogues[0].Utterances[0].Features[0]);
    }

    [Fact]
    public void TestSplit_DoesNotDependOnTheNumberOfTrainingDialogues()
    {
        var a = SynthErc.Create(Small);
        var b = SynthErc.Create(Small with { TrainDialogues = 3 });
        var ta = a.Dataset.In(Split.Test).SelectMany(d => d.Utterances).ToList();
        var tb = b.Dataset.In(Split.Test).SelectMany(d => d.Utterances).ToList();
        Assert.Equal(ta.Select(u => u.Label), tb.Select(u => u.Label));
        Assert.Equal(ta.Select(u => u[Modality.Audio]), tb.Select(u => u[Modality.Audio]));
        Assert.Equal(a.Test.BayesAccuracy, b.Test.BayesAccuracy);
    }

    [Fact]
    public void Dataset_HasTheRequestedShape()
    {
        var o = Small with { MinSpeakers = 2, MaxSpeakers = 4, SpeakerPool = 6, Classes = 4, MinLength = 3, MaxLength = 9 };
        var b = SynthErc.Create(o);
        var ds = b.Dataset;
        Assert.Equal("SynthERC", ds.Name);
        Assert.Equal("syntherc", ds.Format);
        Assert.Equal(new[] { "happy", "sad", "neutral", "angry" }, ds.ClassNames);
        Assert.Equal(new[] { 8, 6, 4 }, ds.Dims);
        Assert.Equal(20, ds.In(Split.Train).Count());
        Assert.Equal(5, ds.In(Split.Valid).Count());
        Assert.Equal(6, ds.In(Split.Test).Count());
        Assert.Equal("train_0001", ds.Dialogues[0].Id);
        Assert.Equal("valid_0005", ds.In(Split.Valid).Last().Id);
        Assert.Equal("test_0001", ds.In(Split.Test).First().Id);
        Assert.Equal(ds.Dialogues.Count, ds.Dialogues.Select(d => d.Id).Distinct().Count());
        var speakerCounts = new HashSet<int>();
        foreach (var d in ds.Dialogues)
        {
            Assert.InRange(d.Count, 3, 9);
            int speakers = d.Utterances.Select(u => u.Speaker).Distinct().Count();
            Assert.InRange(speakers, 1, 4);
            speakerCounts.Add(SynthErcInference.LocalSpeakers(d, out _));
            Assert.All(d.Utterances, u => Assert.InRange(u.Label, 0, 3));
            Assert.All(d.Utterances, u => Assert.Matches("^S0[1-6]$", u.Speaker));
            for (int i = 0; i < d.Count; i++) Assert.NotNull(b.TruthOf(d.Id, i));
        }
        Assert.Contains(4, speakerCounts);
        Assert.Equal(ds.Dialogues.Sum(d => d.Count), b.Truth.Count);
        Assert.Equal(10, SynthErc.ClassNames(10).Length);
        Assert.Equal("class10", SynthErc.ClassNames(10)[9]);
    }

    [Fact]
    public void CorruptionRates_AreHonoured_AndMatchTheViews()
    {
        var o = new SynthErcOptions
        {
            TrainDialogues = 150, ValidDialogues = 1, TestDialogues = 1, TextDim = 4, AudioDim = 4, VisualDim = 4,
            TextCorruption = 0.1, AudioCorruption = 0.3, VisualCorruption = 0.5, MissingFraction = 0.25,
        };
        var b = SynthErc.Create(o);
        var counts = new int[3, 3];
        int n = 0;
        foreach (var d in b.Dataset.Dialogues)
            for (int i = 0; i < d.Count; i++, n++)
            {
                var t = b.TruthOf(d.Id, i);
                foreach (var m in Modalities.All)
                {
                    counts[(int)m, (int)t[m]]++;
                    Assert.Equal(t[m] == CorruptionKind.Missing, d.Utterances[i][m]!.All(v => v == 0f));
                }
            }
        Assert.True(n > 4000);
        double[] rates = [0.1, 0.3, 0.5];
        for (int m = 0; m < 3; m++)
        {
            double corrupted = (counts[m, 1] + counts[m, 2]) / (double)n;
            Assert.InRange(corrupted, rates[m] - 0.025, rates[m] + 0.025);
            Assert.InRange(counts[m, 2] / (double)(counts[m, 1] + counts[m, 2]), 0.25 - 0.06, 0.25 + 0.06);
        }
    }

    [Fact]
    public void BadOptions_ThrowUserErrors()
    {
        SynthErcOptions[] bad =
        [
            Small with { Classes = 1 },
            Small with { MinSpeakers = 0 },
            Small with { MinSpeakers = 3, MaxSpeakers = 2 },
            Small with { MaxSpeakers = 9, SpeakerPool = 8 },
            Small with { Classes = 9, MaxSpeakers = 5, SpeakerPool = 9 },
            Small with { MinLength = 10, MaxLength = 5 },
            Small with { TestDialogues = 0 },
            Small with { AudioDim = 0 },
            Small with { Persistence = 0.8, Influence = 0.3 },
            Small with { VisualCorruption = 1.5 },
            Small with { MissingFraction = -0.1 },
            Small with { TextSignal = double.NaN },
            Small with { CorruptedNoiseScale = 0 },
        ];
        foreach (var o in bad) Assert.Throws<SureUserException>(() => SynthErc.Create(o));
        Assert.Throws<SureUserException>(() => SynthErc.ClassNames(0));
    }

    [Fact]
    public void Options_RoundTripThroughJson()
    {
        var o = Small with { Seed = 99, ClassSkew = 0.25, SameSpeakerProbability = 0.1 };
        var json = JsonSerializer.Serialize(o, SureConfig.Json);
        Assert.Equal(o, JsonSerializer.Deserialize<SynthErcOptions>(json, SureConfig.Json));
        var config = SureConfig.FromJson("""{ "synth": { "seed": 7, "textCorruption": 0.5 } }""");
        Assert.Equal(7, config.Synth.Seed);
        Assert.Equal(0.5, config.Synth.TextCorruption);
        Assert.Equal(new SynthErcOptions().AudioCorruption, config.Synth.AudioCorruption);
    }
}
