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
    /// Forward–backward on the joint "last emotion of each speaker" chain. <paramref name="local"/> holds the
    /// speaker (0..speakers−1) of each utterance; <paramref name="logLik"/>[i][k] = log p(x_i | y_i = k) + const_i.
    /// </summary>
    internal static double[][] ForwardBackward(SynthErcModel model, int[] local, int speakers, double[][] logLik)
    {
        int n = local.Length, c = model.Classes, b = c + 1;
        var post = new double[n][];
        if (n == 0) return post;

        var pow = new int[speakers + 1];
        pow[0] = 1;
        for (int j = 1; j <= speakers; j++)
        {
            long next = (long)pow[j - 1] * b;
            if (next > MaxStates)
                throw new ArgumentException($"exact inference needs (classes+1)^speakers = {b}^{speakers} states; at most {MaxStates} are supported.");
            pow[j] = (int)next;
        }
        int states = pow[speakers];

        // transition table T[own + 1, prev + 1, k]
        var t = new double[b * b * c];
        for (int own = -1; own < c; own++)
            for (int prev = -1; prev < c; prev++)
                for (int k = 0; k < c; k++)
                    t[((own + 1) * b + prev + 1) * c + k] = model.Transition(k, own, prev);

        var lik = new double[n][];
        for (int i = 0; i < n; i++)
        {
            double mx = logLik[i].Max();
            lik[i] = new double[c];
            for (int k = 0; k < c; k++) lik[i][k] = Math.Exp(logLik[i][k] - mx);
        }

        // forward
        var alpha = new double[n][];
        var start = new double[states];
        start[0] = 1; // nobody has spoken
        for (int i = 0; i < n; i++)
        {
            var src = i == 0 ? start : alpha[i - 1];
            var a = alpha[i] = new double[states];
            int s = local[i], q = i == 0 ? -1 : local[i - 1];
            int ps = pow[s], pq = q < 0 ? 0 : pow[q];
            var li = lik[i];
            for (int x = 0; x < states; x++)
            {
                double w = src[x];
                if (w == 0) continue;
                int ds = x / ps % b;
                int dq = q < 0 ? 0 : x / pq % b;
                int row = (ds * b + dq) * c;
                int xb = x - ds * ps;
                for (int k = 0; k < c; k++) a[xb + (k + 1) * ps] += w * t[row + k] * li[k];
            }
            Normalise(a);
        }

        // backward (only where the forward mass is non-zero; other states are unreachable)
        var beta = new double[states];
        var betaPrev = new double[states];
        Array.Fill(beta, 1.0);
        for (int i = n - 1; i >= 0; i--)
        {
            // posterior of y_i from alpha_i · beta_i, marginalised onto the component of s_i
            int s = local[i], ps = pow[s];
            var p = post[i] = new double[c];
            var a = alpha[i];
            for (int x = 0; x < states; x++)
            {
                double g = a[x];
                if (g == 0) continue;
                int ds = x / ps % b;
                p[ds - 1] += g * beta[x];
            }
            Normalise(p);
            if (i == 0) break;

            // beta_{i-1}(x) = Σ_k T(k | own(x), prev(x)) · lik_i(k) · beta_i(x with s_i ← k)
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
