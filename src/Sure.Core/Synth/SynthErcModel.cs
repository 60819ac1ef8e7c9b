using Sure.Configuration;
using Sure.Data;

namespace Sure.Synth;

/// <summary>
/// The true generative model of SynthERC, with every parameter fixed by the seed (docs/syntherc.md):
/// <list type="bullet">
/// <item>emotions: P(y_i = k | o, p) = Persistence·1[k = o] + Influence·1[k = p] + (1 − Persistence·[o] − Influence·[p])·base_k,
/// where o is the speaker's own previous emotion and p the previous utterance's emotion ([o], [p] = 1 when defined);</item>
/// <item>views: x_m = Signal_m·mu_{m,y} + offset_{m,s} + noise, noise N(0, I) when clean, N(0, σ²I) when heavily
/// noised (probability Corruption_m·(1 − MissingFraction)), and x_m = 0 when missing (probability Corruption_m·MissingFraction).</item>
/// </list>
/// It is used both to sample the data and, with exactly the same formulas, to compute the Bayes ceilings.
/// </summary>
public sealed class SynthErcModel
{
    /// <summary>Random stream of the model parameters (dialogue streams are (split + 1)·2^32 + index).</summary>
    internal const ulong ParameterStream = 0;

    public SynthErcOptions Options { get; }
    public int Classes { get; }
    /// <summary>The base class distribution; it is also the marginal distribution of every y_i (see docs).</summary>
    public double[] Base { get; }
    /// <summary>Means[m][k]: the mean of modality m for class k, Signal_m times a unit vector.</summary>
    public double[][][] Means { get; }
    /// <summary>Offsets[m][speaker identity]: offset added to modality m for that speaker, norm SpeakerOffset.</summary>
    public double[][][] Offsets { get; }
    /// <summary>Speaker identities, "S01".."Snn"; index = identity used in <see cref="Offsets"/>.</summary>
    public string[] SpeakerNames { get; }
    public int[] Dims { get; }

    private readonly Dictionary<string, int> _speakerIndex;
    private readonly double[] _corruption;

    public SynthErcModel(SynthErcOptions options)
    {
        Options = options;
        Classes = options.Classes;
        Dims = [options.TextDim, options.AudioDim, options.VisualDim];
        _corruption = [options.TextCorruption, options.AudioCorruption, options.VisualCorruption];
        double[] signal = [options.TextSignal, options.AudioSignal, options.VisualSignal];

        var rng = new SynthRng(options.Seed, ParameterStream);
        Base = new double[Classes];
        for (int k = 0; k < Classes; k++) Base[k] = Math.Exp(options.ClassSkew * rng.NextNormal());
        double total = Base.Sum();
        for (int k = 0; k < Classes; k++) Base[k] /= total;

        Means = new double[Modalities.Count][][];
        Offsets = new double[Modalities.Count][][];
        for (int m = 0; m < Modalities.Count; m++)
        {
            Means[m] = new double[Classes][];
            for (int k = 0; k < Classes; k++) Means[m][k] = RandomDirection(rng, Dims[m], signal[m]);
            Offsets[m] = new double[options.SpeakerPool][];
            for (int s = 0; s < options.SpeakerPool; s++) Offsets[m][s] = RandomDirection(rng, Dims[m], options.SpeakerOffset);
        }

        SpeakerNames = Enumerable.Range(1, options.SpeakerPool).Select(i => $"S{i:D2}").ToArray();
        _speakerIndex = SpeakerNames.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i);
    }

    /// <summary>Probability that modality <paramref name="m"/> of an utterance is corrupted.</summary>
    public double Corruption(Modality m) => _corruption[(int)m];

    /// <summary>Speaker identity index of a speaker name produced by the generator.</summary>
    public int SpeakerIdentity(string name) =>
        _speakerIndex.TryGetValue(name, out var i) ? i : throw new ArgumentException($"'{name}' is not a SynthERC speaker of this model.", nameof(name));

    /// <summary>
    /// P(y_i = k | own previous emotion <paramref name="own"/>, previous utterance's emotion <paramref name="prev"/>);
    /// −1 means "not defined" (the speaker has not spoken yet / first utterance) and its mass goes to the base distribution.
    /// </summary>
    public double Transition(int k, int own, int prev)
    {
        double p = 0, rest = 1;
        if (own >= 0)
        {
            rest -= Options.Persistence;
            if (k == own) p += Options.Persistence;
        }
        if (prev >= 0)
        {
            rest -= Options.Influence;
            if (k == prev) p += Options.Influence;
        }
        return p + rest * Base[k];
    }

    /// <summary>True when a view is the "missing" corruption: every component exactly zero.</summary>
    public static bool IsMissing(ReadOnlySpan<float> x)
    {
        foreach (var v in x) if (v != 0f) return false;
        return true;
    }

    /// <summary>
    /// log p(x | y = k, speaker) for every class k, up to an additive constant that does not depend on k, under the
    /// exact generating mixture: (1 − c)·N(mean_k, I) + c(1 − f)·N(mean_k, σ²I) for an observed vector, and the
    /// constant c·f (uninformative) for a missing (all-zero) one.
    /// </summary>
    public void LogLikelihood(Modality modality, ReadOnlySpan<float> x, int speaker, Span<double> logLik)
    {
        int m = (int)modality, d = Dims[m];
        if (x.Length != d) throw new ArgumentException($"{modality.Name()} vector has {x.Length} values, expected {d}.", nameof(x));
        double c = _corruption[m], f = Options.MissingFraction;
        if (c * f > 0 && IsMissing(x))
        {
            logLik.Clear();
            return;
        }
        double sigma = Options.CorruptedNoiseScale;
        double logClean = Math.Log(1 - c);                           // −∞ when c = 1
        double logNoised = Math.Log(c * (1 - f)) - d * Math.Log(sigma); // −∞ when nothing is noised
        double inv2s2 = 1.0 / (2 * sigma * sigma);
        var offset = Offsets[m][speaker];
        for (int k = 0; k < Classes; k++)
        {
            var mean = Means[m][k];
            double d2 = 0;
            for (int j = 0; j < d; j++)
            {
                double r = x[j] - mean[j] - offset[j];
                d2 += r * r;
            }
            logLik[k] = LogSumExp(logClean - 0.5 * d2, logNoised - d2 * inv2s2);
        }
    }

    internal static double LogSumExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        double mx = Math.Max(a, b);
        return mx + Math.Log(Math.Exp(a - mx) + Math.Exp(b - mx));
    }

    private static double[] RandomDirection(SynthRng rng, int dim, double norm)
    {
        var v = new double[dim];
        double n2 = 0;
        for (int j = 0; j < dim; j++)
        {
            v[j] = rng.NextNormal();
            n2 += v[j] * v[j];
        }
        double scale = n2 > 0 ? norm / Math.Sqrt(n2) : 0;
        for (int j = 0; j < dim; j++) v[j] *= scale;
        return v;
    }
}
