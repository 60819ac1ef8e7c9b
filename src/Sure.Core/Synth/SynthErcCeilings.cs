using Sure.Data;

namespace Sure.Synth;

/// <summary>
/// Accuracy ceilings of a SynthERC split, as fractions, computed with the true model (docs/syntherc.md §Ceilings):
/// <list type="bullet">
/// <item><see cref="BayesAccuracy"/>: realised accuracy, on the split's actual labels, of the Bayes-optimal decisions
/// argmax_k P(y_i = k | all observations of the dialogue, all modalities) — the ceiling a model is compared with;</item>
/// <item><see cref="ExpectedBayesAccuracy"/>: mean_i max_k P(y_i = k | observations), the expected accuracy of those
/// same decisions given the observations (it differs from the realised one only by label sampling noise);</item>
/// <item><see cref="NoContextAccuracy"/>: realised accuracy of argmax_k base_k · p(x_i | k), the best classifier that
/// sees each utterance alone (all modalities, its own speaker identity);</item>
/// <item><see cref="CausalAccuracy"/>: realised accuracy of argmax_k P(y_i = k | observations of utterances 1..i, all
/// modalities) — the filtering decisions, the ceiling of a causal (live) model, which labels a turn before the later
/// ones exist;</item>
/// <item><see cref="SingleModalityBayes"/>: realised accuracy of the Bayes-optimal decisions with full context but one
/// modality only, keyed "text", "audio", "visual".</item>
/// </list>
/// </summary>
public sealed record SynthErcCeilings(
    double BayesAccuracy,
    double NoContextAccuracy,
    double CausalAccuracy,
    double ExpectedBayesAccuracy,
    IReadOnlyDictionary<string, double> SingleModalityBayes)
{
    /// <summary>One line for logs and reports, in percent: "bayes 86.35 (expected 86.11), causal 80.00, no-context 70.52, text 77.49, audio 66.47, visual 55.80".</summary>
    public string Summary() =>
        FormattableString.Invariant($"bayes {100 * BayesAccuracy:F2} (expected {100 * ExpectedBayesAccuracy:F2}), causal {100 * CausalAccuracy:F2}, no-context {100 * NoContextAccuracy:F2}, ") +
        string.Join(", ", SingleModalityBayes.Select(kv => FormattableString.Invariant($"{kv.Key} {100 * kv.Value:F2}")));

    /// <summary>Computes every ceiling over <paramref name="dialogues"/> (all utterances pooled).</summary>
    public static SynthErcCeilings Compute(SynthErcModel model, IEnumerable<Dialogue> dialogues)
    {
        var list = dialogues.ToList();
        int total = list.Sum(d => d.Count);
        if (total == 0) throw new ArgumentException("No utterances to compute SynthERC ceilings on.", nameof(dialogues));

        int bayes = 0, noContext = 0, causal = 0;
        double expected = 0;
        var single = new int[Modalities.Count];
        foreach (var d in list)
        {
            var (post, past) = SynthErcInference.PosteriorsAndFiltering(model, d, Modalities.All);
            var alone = SynthErcInference.NoContextPosteriors(model, d, Modalities.All);
            for (int i = 0; i < d.Count; i++)
            {
                int y = d.Utterances[i].Label;
                int best = SynthErcInference.ArgMax(post[i]);
                if (best == y) bayes++;
                expected += post[i][best];
                if (SynthErcInference.ArgMax(alone[i]) == y) noContext++;
                if (SynthErcInference.ArgMax(past[i]) == y) causal++;
            }
            foreach (var m in Modalities.All)
            {
                var pm = SynthErcInference.Posteriors(model, d, [m]);
                for (int i = 0; i < d.Count; i++)
                    if (SynthErcInference.ArgMax(pm[i]) == d.Utterances[i].Label) single[(int)m]++;
            }
        }
        return new SynthErcCeilings(
            BayesAccuracy: (double)bayes / total,
            NoContextAccuracy: (double)noContext / total,
            CausalAccuracy: (double)causal / total,
            ExpectedBayesAccuracy: expected / total,
            SingleModalityBayes: Modalities.All.ToDictionary(m => m.Name(), m => (double)single[(int)m] / total));
    }

    /// <summary>
    /// Realised accuracy of the Bayes-optimal decisions that use only <paramref name="modalities"/>, with full
    /// dialogue context (<paramref name="context"/> = true) or each utterance alone — e.g. the ceiling of a
    /// text+audio model.
    /// </summary>
    public static double Accuracy(SynthErcModel model, IEnumerable<Dialogue> dialogues, IReadOnlyList<Modality> modalities, bool context = true)
    {
        int correct = 0, total = 0;
        foreach (var d in dialogues)
        {
            var post = context ? SynthErcInference.Posteriors(model, d, modalities) : SynthErcInference.NoContextPosteriors(model, d, modalities);
            for (int i = 0; i < d.Count; i++)
                if (SynthErcInference.ArgMax(post[i]) == d.Utterances[i].Label) correct++;
            total += d.Count;
        }
        if (total == 0) throw new ArgumentException("No utterances to compute a SynthERC ceiling on.", nameof(dialogues));
        return (double)correct / total;
    }
}
