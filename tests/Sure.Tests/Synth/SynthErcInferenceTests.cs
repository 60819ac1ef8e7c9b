using Sure.Configuration;
using Sure.Data;
using Sure.Synth;

namespace Sure.Tests.Synth;

/// <summary>The exact inference checked against brute-force enumeration of every label sequence.</summary>
public class SynthErcInferenceTests
{
    private static SynthErcOptions Tiny(int classes, int speakers, int maxLength, int seed = 5) => new()
    {
        Seed = seed, Classes = classes, MinSpeakers = speakers, MaxSpeakers = speakers, SpeakerPool = speakers + 1,
        MinLength = 1, MaxLength = maxLength, TextDim = 3, AudioDim = 2, VisualDim = 1,
        TextCorruption = 0.4, AudioCorruption = 0.5, VisualCorruption = 0.3, MissingFraction = 0.5,
        Persistence = 0.5, Influence = 0.3, ClassSkew = 0.7,
    };

    /// <summary>P(y_i | observations) by summing the joint over all C^N label sequences.</summary>
    private static double[][] BruteForce(SynthErcModel model, Dialogue d, IReadOnlyList<Modality> modalities, bool context = true, int onlyUtterance = -1, int lastObserved = int.MaxValue)
    {
        int n = d.Count, c = model.Classes;
        var ll = SynthErcInference.LogLikelihoods(model, d, modalities);
        int speakers = SynthErcInference.LocalSpeakers(d, out var local);
        var post = new double[n][];
        for (int i = 0; i < n; i++) post[i] = new double[c];
        var y = new int[n];
        int sequences = (int)Math.Pow(c, n);
        for (int code = 0; code < sequences; code++)
        {
            for (int i = 0, r = code; i < n; i++, r /= c) y[i] = r % c;
            var own = Enumerable.Repeat(-1, speakers).ToArray();
            int prev = -1;
            double logJoint = 0;
            for (int i = 0; i < n; i++)
            {
                logJoint += Math.Log(model.Transition(y[i], own[local[i]], prev));
                if ((onlyUtterance < 0 || onlyUtterance == i) && i <= lastObserved) logJoint += ll[i][y[i]];
                own[local[i]] = y[i];
                prev = y[i];
            }
            double w = Math.Exp(logJoint);
            for (int i = 0; i < n; i++) post[i][y[i]] += w;
        }
        foreach (var p in post)
        {
            double s = p.Sum();
            for (int k = 0; k < c; k++) p[k] /= s;
        }
        return post;
    }

    private static void AssertClose(double[][] expected, double[][] actual, double tol = 1e-9)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            for (int k = 0; k < expected[i].Length; k++)
                Assert.True(Math.Abs(expected[i][k] - actual[i][k]) < tol, $"utterance {i}, class {k}: brute force {expected[i][k]:R} vs forward-backward {actual[i][k]:R}");
    }

    [Theory]
    [InlineData(2, 2, 5)]
    [InlineData(2, 3, 6)]
    [InlineData(3, 2, 6)]
    [InlineData(3, 3, 5)]
    public void ForwardBackward_MatchesEnumeration(int classes, int speakers, int maxLength)
    {
        var model = new SynthErcModel(Tiny(classes, speakers, maxLength));
        int checkedDialogues = 0, missingSeen = 0;
        for (int j = 0; j < 40; j++)
        {
            var (d, truth) = SynthErcGenerator.Generate(model, Split.Test, j);
            missingSeen += truth.Count(t => t.Text == CorruptionKind.Missing);
            AssertClose(BruteForce(model, d, Modalities.All), SynthErcInference.Posteriors(model, d, Modalities.All));
            foreach (var m in Modalities.All)
                AssertClose(BruteForce(model, d, [m]), SynthErcInference.Posteriors(model, d, [m]));
            checkedDialogues++;
        }
        Assert.Equal(40, checkedDialogues);
        Assert.True(missingSeen > 0, "the tiny dialogues should include missing views");
    }

    [Theory]
    [InlineData(2, 2, 5)]
    [InlineData(2, 3, 6)]
    [InlineData(3, 3, 5)]
    public void Filtering_MatchesEnumerationGivenThePastOnly(int classes, int speakers, int maxLength)
    {
        // P(y_i | x_1..x_i): the joint summed over all sequences with the likelihoods of utterances after i left out
        var model = new SynthErcModel(Tiny(classes, speakers, maxLength, seed: 7));
        for (int j = 0; j < 25; j++)
        {
            var (d, _) = SynthErcGenerator.Generate(model, Split.Test, j);
            var filtered = SynthErcInference.FilteringPosteriors(model, d, Modalities.All);
            Assert.Equal(d.Count, filtered.Length);
            for (int i = 0; i < d.Count; i++)
            {
                var brute = BruteForce(model, d, Modalities.All, lastObserved: i);
                for (int k = 0; k < model.Classes; k++)
                    Assert.True(Math.Abs(brute[i][k] - filtered[i][k]) < 1e-9, $"dialogue {j} utterance {i} class {k}: brute force {brute[i][k]:R} vs filtering {filtered[i][k]:R}");
            }
            // at the last utterance the past is everything: filtering and smoothing agree
            var smoothed = SynthErcInference.Posteriors(model, d, Modalities.All);
            for (int k = 0; k < model.Classes; k++) Assert.Equal(smoothed[^1][k], filtered[^1][k], 1e-9);
            // the one-pass form gives the same two
            var (both, past) = SynthErcInference.PosteriorsAndFiltering(model, d, Modalities.All);
            for (int i = 0; i < d.Count; i++)
                for (int k = 0; k < model.Classes; k++)
                {
                    Assert.Equal(smoothed[i][k], both[i][k], 1e-12);
                    Assert.Equal(filtered[i][k], past[i][k], 1e-12);
                }
        }
    }

    [Fact]
    public void CausalCeiling_CountsTheFilteringDecisions()
    {
        // the ceiling is the realised accuracy of argmax of the enumerated P(y_i | x_1..x_i), counted here independently
        var model = new SynthErcModel(Tiny(3, 2, 6, seed: 3));
        var dialogues = Enumerable.Range(0, 20).Select(j => SynthErcGenerator.Generate(model, Split.Valid, j).Dialogue).ToList();
        int correct = 0, total = 0;
        foreach (var d in dialogues)
            for (int i = 0; i < d.Count; i++, total++)
                if (SynthErcInference.ArgMax(BruteForce(model, d, Modalities.All, lastObserved: i)[i]) == d.Utterances[i].Label) correct++;
        Assert.Equal((double)correct / total, SynthErcCeilings.Compute(model, dialogues).CausalAccuracy, 12);
    }

    [Fact]
    public void NoContextPosterior_IsTheExactPosteriorGivenTheOwnUtteranceOnly()
    {
        // Summing the joint with only x_i's likelihood gives P(y_i | x_i); it must equal base ∘ p(x_i | ·), which
        // holds because the marginal of every y_i is the base distribution.
        var model = new SynthErcModel(Tiny(3, 2, 6, seed: 11));
        for (int j = 0; j < 15; j++)
        {
            var (d, _) = SynthErcGenerator.Generate(model, Split.Valid, j);
            var alone = SynthErcInference.NoContextPosteriors(model, d, Modalities.All);
            for (int i = 0; i < d.Count; i++)
            {
                var brute = BruteForce(model, d, Modalities.All, onlyUtterance: i);
                for (int k = 0; k < model.Classes; k++) Assert.Equal(brute[i][k], alone[i][k], 1e-9);
            }
        }
    }

    [Fact]
    public void MarginalOfEveryPosition_IsTheBaseDistribution()
    {
        var model = new SynthErcModel(Tiny(3, 3, 6, seed: 2));
        var (d, _) = SynthErcGenerator.Generate(model, Split.Train, 0);
        var empty = new Dialogue { Id = d.Id, Utterances = d.Utterances };
        var prior = BruteForce(model, empty, []); // no observation at all
        foreach (var p in prior)
            for (int k = 0; k < model.Classes; k++) Assert.Equal(model.Base[k], p[k], 1e-12);
    }

    [Fact]
    public void LogLikelihood_IsTheGeneratingMixture()
    {
        var o = Tiny(3, 2, 4) with { AudioCorruption = 0.3, MissingFraction = 0.4, CorruptedNoiseScale = 3.0 };
        var model = new SynthErcModel(o);
        float[] x = [0.3f, -1.2f];
        var ll = new double[3];
        model.LogLikelihood(Modality.Audio, x, 1, ll);
        // explicit density: 0.7·N(x; μ_k, I) + 0.3·0.6·N(x; μ_k, 9I) in 2 dims, μ_k = mean_k + offset of speaker 1
        double Density(int k)
        {
            double d2 = 0;
            for (int j = 0; j < 2; j++)
            {
                double r = x[j] - model.Means[1][k][j] - model.Offsets[1][1][j];
                d2 += r * r;
            }
            return 0.7 * Math.Exp(-d2 / 2) / (2 * Math.PI) + 0.18 * Math.Exp(-d2 / 18) / (2 * Math.PI * 9);
        }
        for (int k = 1; k < 3; k++) Assert.Equal(Math.Log(Density(k) / Density(0)), ll[k] - ll[0], 1e-9);

        model.LogLikelihood(Modality.Audio, [0f, 0f], 1, ll);
        Assert.All(ll, v => Assert.Equal(0.0, v)); // a missing view says nothing about the class
    }

    [Fact]
    public void LongDialogues_StayFinite()
    {
        var model = new SynthErcModel(new SynthErcOptions { MinLength = 400, MaxLength = 400, TextSignal = 5, TextCorruption = 0 });
        var (d, _) = SynthErcGenerator.Generate(model, Split.Test, 0);
        var post = SynthErcInference.Posteriors(model, d, Modalities.All);
        Assert.All(post, p => Assert.Equal(1.0, p.Sum(), 1e-9));
    }
}
