using Sure.Data;

namespace Sure.Synth;

/// <summary>
/// Exact inference under the true SynthERC model (docs/syntherc.md §Ceilings).
/// <para>
/// With context: the emotion process is a Markov chain on the joint state "last emotion of every speaker of the
/// dialogue, or not-yet-spoken" ((C+1)^S states). Utterance i changes only the component of its speaker s_i, and
/// its transition depends only on that component (own previous emotion) and on the component of s_{i−1} (the
/// previous utterance's emotion). Forward–backward over this chain, with the emission of utterance i depending on
/// the new component only, gives P(y_i | all observations of the dialogue) exactly. Log-likelihoods are shifted by
/// their per-utterance maximum before exponentiation and forward/backward vectors are rescaled at every step, so
/// nothing under- or overflows.
/// </para>
/// <para>Without context: P(y_i | x_i) ∝ base_k · p(x_i | k), exact because the marginal of every y_i is base.</para>
/// </summary>
public static class SynthErcInference
{
    /// <summary>Largest joint state space ((classes + 1)^speakers) the exact inference accepts.</summary>
    public const int MaxStates = Configuration.SynthErcOptions.MaxExactStates;

    /// <summary>Maps the dialogue's speakers to 0..S−1 in order of first appearance; returns S.</summary>
    public static int LocalSpeakers(Dialogue dialogue, out int[] local)
    {
        var map = new Dictionary<string, int>();
        local = new int[dialogue.Count];
        for (int i = 0; i < dialogue.Count; i++)
        {
            var name = dialogue.Utterances[i].Speaker;
            if (!map.TryGetValue(name, out var s)) map[name] = s = map.Count;
            local[i] = s;
        }
        return map.Count;
    }

    /// <summary>log p(x_i,m | y_i = k) summed over <paramref name="modalities"/> (up to per-utterance constants): [i][k].</summary>
    public static double[][] LogLikelihoods(SynthErcModel model, Dialogue dialogue, IReadOnlyList<Modality> modalities)
    {
        var result = new double[dialogue.Count][];
        var tmp = new double[model.Classes];
        for (int i = 0; i < dialogue.Count; i++)
        {
            var u = dialogue.Utterances[i];
            var row = result[i] = new double[model.Classes];
            int speaker = model.SpeakerIdentity(u.Speaker);
            foreach (var m in modalities)
            {
                var x = u[m] ?? throw new ArgumentException($"dialogue {dialogue.Id} utterance {i} has no {m.Name()} view.");
                model.LogLikelihood(m, x, speaker, tmp);
                for (int k = 0; k < row.Length; k++) row[k] += tmp[k];
            }
        }
        return result;
    }

    /// <summary>P(y_i = k | every observation of the chosen modalities in the dialogue): [i][k].</summary>
    public static double[][] Posteriors(SynthErcModel model, Dialogue dialogue, IReadOnlyList<Modality> modalities)
    {
        int speakers = LocalSpeakers(dialogue, out var local);
        return ForwardBackward(model, local, speakers, LogLikelihoods(model, dialogue, modalities));
    }

    /// <summary>P(y_i = k | x_i only) ∝ base_k · p(x_i | k): [i][k].</summary>
    public static double[][] NoContextPosteriors(SynthErcModel model, Dialogue dialogue, IReadOnlyList<Modality> modalities)
    {
        var ll = LogLikelihoods(model, dialogue, modalities);
        var post = new double[ll.Length][];
        for (int i = 0; i < ll.Length; i++)
        {
            double mx = ll[i].Max();
            var p = post[i] = new double[model.Classes];
            for (int k = 0; k < p.Length; k++) p[k] = model.Base[k] * Math.Exp(ll[i][k] - mx);
            Normalise(p);
        }
        return post;
    }

    /// <summary>
    /// P(y_i = k | observations of the chosen modalities of utterances 1..i only): [i][k] — the filtering posterior
    /// from the forward pass alone, the best a causal (live) model can know when it labels utterance i.
    /// </summary>
    public static double[][] FilteringPosteriors(SynthErcModel model, Dialogue dialogue, IReadOnlyList<Modality> modalities)
    {
        int speakers = LocalSpeakers(dialogue, out var local);
        return Filter(model, local, speakers, LogLikelihoods(model, dialogue, modalities));
    }

    /// <summary>Both <see cref="Posteriors"/> (whole dialogue) and <see cref="FilteringPosteriors"/> (utterances 1..i)
    /// from one forward pass: [i][k] each.</summary>
    public static (double[][] Smoothed, double[][] Filtered) PosteriorsAndFiltering(SynthErcModel model, Dialogue dialogue, IReadOnlyList<Modality> modalities)
    {
        int speakers = LocalSpeakers(dialogue, out var local);
        var filtered = new double[dialogue.Count][];
        var smoothed = ForwardBackward(model, local, speakers, LogLikelihoods(model, dialogue, modalities), filtered);
        return (smoothed, filtered);
    }

    /// <summary>
    /// Forward–backward on the joint "last emotion of each speaker" chain. <paramref name="local"/> holds the
    /// speaker (0..speakers−1) of each utterance; <paramref name="logLik"/>[i][k] = log p(x_i | y_i = k) + const_i.
    /// When <paramref name="filtered"/> is given (length n), it receives the filtering posteriors of the same forward pass.
    /// </summary>
    internal static double[][] ForwardBackward(SynthErcModel model, int[] local, int speakers, double[][] logLik, double[][]? filtered = null)
    {
        int n = local.Length;
        var post = new double[n][];
        if (n == 0) return post;
        var chain = new Chain(model, local, speakers, logLik);
        var alpha = chain.Forward();
        if (filtered is not null)
            for (int i = 0; i < n; i++) filtered[i] = chain.Marginal(i, alpha[i], null);
        int states = chain.States, b = chain.B, c = chain.C;
        var t = chain.T;
        var pow = chain.Pow;
        var lik = chain.Lik;

        // backward (only where the forward mass is non-zero; other states are unreachable)
        var beta = new double[states];
        var betaPrev = new double[states];
        Array.Fill(beta, 1.0);
        for (int i = n - 1; i >= 0; i--)
        {
            // posterior of y_i from alpha_i · beta_i, marginalised onto the component of s_i
            post[i] = chain.Marginal(i, alpha[i], beta);
            if (i == 0) break;

            // beta_{i-1}(x) = Σ_k T(k | own(x), prev(x)) · lik_i(k) · beta_i(x with s_i ← k)
            int s = local[i], ps = pow[s];
            int q = local[i - 1], pq = pow[q];
            var li = lik[i];
            var src = alpha[i - 1];
            Array.Clear(betaPrev);
            double total = 0;
            for (int x = 0; x < states; x++)
            {
                if (src[x] == 0) continue;
                int ds = x / ps % b, dq = x / pq % b;
                int row = (ds * b + dq) * c;
                int xb = x - ds * ps;
                double v = 0;
                for (int k = 0; k < c; k++) v += t[row + k] * li[k] * beta[xb + (k + 1) * ps];
                betaPrev[x] = v;
                total += v;
            }
            if (total > 0) for (int x = 0; x < states; x++) betaPrev[x] /= total;
            (beta, betaPrev) = (betaPrev, beta);
        }
        return post;
    }

    /// <summary>The forward pass alone: P(y_i = k | observations 1..i), the marginal of α_i onto the component of s_i.</summary>
    internal static double[][] Filter(SynthErcModel model, int[] local, int speakers, double[][] logLik)
    {
        int n = local.Length;
        var post = new double[n][];
        if (n == 0) return post;
        var chain = new Chain(model, local, speakers, logLik);
        var alpha = chain.Forward();
        for (int i = 0; i < n; i++) post[i] = chain.Marginal(i, alpha[i], null);
        return post;
    }

    /// <summary>The joint chain of one dialogue: state indexing, transition table, scaled likelihoods, forward pass.</summary>
    private sealed class Chain
    {
        public readonly int[] Local, Pow;
        public readonly int States, B, C;
        public readonly double[] T;
        public readonly double[][] Lik;

        public Chain(SynthErcModel model, int[] local, int speakers, double[][] logLik)
        {
            Local = local;
            C = model.Classes;
            B = C + 1;
            Pow = new int[speakers + 1];
            Pow[0] = 1;
            for (int j = 1; j <= speakers; j++)
            {
                long next = (long)Pow[j - 1] * B;
                if (next > MaxStates)
                    throw new ArgumentException($"exact inference needs (classes+1)^speakers = {B}^{speakers} states; at most {MaxStates} are supported.");
                Pow[j] = (int)next;
            }
            States = Pow[speakers];

            // transition table T[own + 1, prev + 1, k]
            T = new double[B * B * C];
            for (int own = -1; own < C; own++)
                for (int prev = -1; prev < C; prev++)
                    for (int k = 0; k < C; k++)
                        T[((own + 1) * B + prev + 1) * C + k] = model.Transition(k, own, prev);

            Lik = new double[local.Length][];
            for (int i = 0; i < local.Length; i++)
            {
                double mx = logLik[i].Max();
                Lik[i] = new double[C];
                for (int k = 0; k < C; k++) Lik[i][k] = Math.Exp(logLik[i][k] - mx);
            }
        }

        /// <summary>α_i for every i, each rescaled to sum 1 (so α_i(x) = P(state x after i | observations 1..i)).</summary>
        public double[][] Forward()
        {
            int n = Local.Length;
            var alpha = new double[n][];
            var start = new double[States];
            start[0] = 1; // nobody has spoken
            for (int i = 0; i < n; i++)
            {
                var src = i == 0 ? start : alpha[i - 1];
                var a = alpha[i] = new double[States];
                int s = Local[i], q = i == 0 ? -1 : Local[i - 1];
                int ps = Pow[s], pq = q < 0 ? 0 : Pow[q];
                var li = Lik[i];
                for (int x = 0; x < States; x++)
                {
                    double w = src[x];
                    if (w == 0) continue;
                    int ds = x / ps % B;
                    int dq = q < 0 ? 0 : x / pq % B;
                    int row = (ds * B + dq) * C;
                    int xb = x - ds * ps;
                    for (int k = 0; k < C; k++) a[xb + (k + 1) * ps] += w * T[row + k] * li[k];
                }
                Normalise(a);
            }
            return alpha;
        }

        /// <summary>Σ over states whose s_i-component is k of α_i(x)·β_i(x) (β = 1 when null), normalised.</summary>
        public double[] Marginal(int i, double[] alpha, double[]? beta)
        {
            int ps = Pow[Local[i]];
            var p = new double[C];
            for (int x = 0; x < States; x++)
            {
                double g = alpha[x];
                if (g == 0) continue;
                p[x / ps % B - 1] += beta is null ? g : g * beta[x];
            }
            Normalise(p);
            return p;
        }
    }

    /// <summary>Index of the largest entry (the lowest index on ties).</summary>
    public static int ArgMax(ReadOnlySpan<double> p)
    {
        int best = 0;
        for (int k = 1; k < p.Length; k++) if (p[k] > p[best]) best = k;
        return best;
    }

    private static void Normalise(double[] v)
    {
        double sum = 0;
        foreach (var x in v) sum += x;
        if (sum <= 0 || !double.IsFinite(sum)) throw new InvalidOperationException("SynthERC inference: probabilities vanished (this is a bug).");
        for (int j = 0; j < v.Length; j++) v[j] /= sum;
    }
}
