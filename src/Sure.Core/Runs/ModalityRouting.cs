using Sure.Data;
using Sure.Evaluation;

namespace Sure.Runs;

/// <summary>
/// How the MoE treated each modality on a split (result.json's "moe" per split): the mean routing-weighted expert
/// uncertainty Σ_e w_e·u_e (how unsure the chosen experts of that modality were; a modality whose input carries no
/// label information should end with the higher value) and the mean entropy of the routing weights (nats; 0 = one
/// expert takes every utterance). Nothing when the model has no MoE.
/// </summary>
public static class ModalityRouting
{
    public static Dictionary<string, Reporting.ModalityRoutingResult>? Summarize(EvaluationOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var us = output.Utterances.Where(u => u.RoutingWeights.Count > 0).ToList();
        if (us.Count == 0) return null;
        var result = new Dictionary<string, Reporting.ModalityRoutingResult>();
        foreach (var m in Modalities.All.Where(m => us[0].RoutingWeights.ContainsKey(m)))
        {
            double unc = 0, entropy = 0;
            foreach (var u in us)
            {
                var w = u.RoutingWeights[m];
                var e = u.ExpertUncertainty[m];
                for (int k = 0; k < w.Length; k++)
                {
                    unc += w[k] * e[k];
                    if (w[k] > 0) entropy -= w[k] * Math.Log(w[k]);
                }
            }
            result[m.Name()] = new Reporting.ModalityRoutingResult(Math.Round(unc / us.Count, 5), Math.Round(entropy / us.Count, 5));
        }
        return result;
    }
}
