using Sure.Configuration;
using Sure.Data;
using Sure.Model;
using Sure.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Evaluation;

/// <summary>Runs a model over dialogues in eval mode and collects per-utterance predictions.</summary>
public static class Evaluator
{
    /// <summary>The prediction, with diagnostics, for the one utterance of a <see cref="DialogueStream"/> step's output
    /// ([1, 1, …]): the same fields <see cref="Evaluate"/> gives it (for diagnostics) within the conversation so far.</summary>
    public static UtterancePrediction Predict(SureOutput step, string dialogueId, int index, int gold)
    {
        using var scope = torch.NewDisposeScope();
        var p = step.Logits.softmax(-1).cpu().data<float>().ToArray();
        var up = new UtterancePrediction { DialogueId = dialogueId, Index = index, Gold = gold, Predicted = Argmax(p), Probabilities = p };
        foreach (var (m, w) in step.RoutingWeights) up.RoutingWeights[m] = w.cpu().data<float>().ToArray();
        foreach (var (m, u) in step.ExpertUncertainty) up.ExpertUncertainty[m] = u.cpu().data<float>().ToArray();
        foreach (var (m, a) in step.ReasoningAttention)   // [1, T, 1, index + 1]
            up.ReasoningAttention[m] = Enumerable.Range(0, (int)a.shape[1]).Select(t => a[0, t, 0].cpu().data<float>().ToArray()).ToArray();
        return up;
    }

    /// <summary>The first class of highest probability.</summary>
    private static int Argmax(float[] p)
    {
        int pred = 0;
        for (int c = 1; c < p.Length; c++) if (p[c] > p[pred]) pred = c;
        return pred;
    }

    public static EvaluationOutput Evaluate(DialogueModel model, IReadOnlyList<Dialogue> dialogues, ModelInputs inputs, string[] classNames,
        int batchSize, Tensor? classWeights = null, bool diagnostics = false)
    {
        var wasTraining = model.training;
        model.eval();
        var result = new List<UtterancePrediction>();
        double lossSum = 0; double weightSum = 0;
        try
        {
            using var noGrad = torch.no_grad();
            for (int start = 0; start < dialogues.Count; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                var chunk = dialogues.Skip(start).Take(batchSize).ToList();
                using var batch = inputs.Collate(chunk);
                var output = model.forward(batch);
                var logits = output.Logits;
                int classes = (int)logits.shape[2];
                var flatLogits = logits.reshape(-1, classes);
                var flatLabels = batch.Labels.reshape(-1);
                var labelled = flatLabels.ge(Scalars.Zero);
                long nLabelled = labelled.sum().item<long>();
                if (nLabelled > 0)
                {
                    var loss = nn.functional.cross_entropy(flatLogits, flatLabels, weight: classWeights, ignore_index: -1, reduction: nn.Reduction.Sum);
                    lossSum += loss.item<float>();
                    weightSum += classWeights is null ? nLabelled : classWeights.index_select(0, flatLabels.masked_select(labelled)).sum().item<float>();
                }
                var probs = logits.softmax(-1).cpu();
                var probArr = probs.data<float>().ToArray();
                var labels = batch.Labels.cpu().data<long>().ToArray();
                int n = batch.MaxLength;
                var routing = diagnostics ? output.RoutingWeights.ToDictionary(kv => kv.Key, kv => kv.Value.cpu().data<float>().ToArray()) : null;
                var uncert = diagnostics ? output.ExpertUncertainty.ToDictionary(kv => kv.Key, kv => kv.Value.cpu().data<float>().ToArray()) : null;
                var attn = diagnostics ? output.ReasoningAttention.ToDictionary(kv => kv.Key, kv => (kv.Value.cpu().data<float>().ToArray(), (int)kv.Value.shape[1])) : null;
                int experts = output.RoutingWeights.Count > 0 ? (int)output.RoutingWeights.First().Value.shape[2] : 0;
                for (int b = 0; b < chunk.Count; b++)
                {
                    for (int i = 0; i < chunk[b].Count; i++)
                    {
                        int off = (b * n + i) * classes;
                        var p = new float[classes];
                        Array.Copy(probArr, off, p, 0, classes);
                        var up = new UtterancePrediction
                        {
                            DialogueId = chunk[b].Id, Index = i, Gold = (int)labels[b * n + i], Predicted = Argmax(p), Probabilities = p,
                        };
                        if (diagnostics)
                        {
                            foreach (var (m, arr) in routing!) up.RoutingWeights[m] = arr.AsSpan((b * n + i) * experts, experts).ToArray();
                            foreach (var (m, arr) in uncert!) up.ExpertUncertainty[m] = arr.AsSpan((b * n + i) * experts, experts).ToArray();
                            foreach (var (m, (arr, steps)) in attn!)
                            {
                                var perStep = new float[steps][];
                                int len = chunk[b].Count;
                                for (int t = 0; t < steps; t++)
                                    perStep[t] = arr.AsSpan((((b * steps) + t) * n + i) * n, len).ToArray();
                                up.ReasoningAttention[m] = perStep;
                            }
                        }
                        result.Add(up);
                    }
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        var labelledPreds = result.Where(u => u.Gold >= 0).ToList();
        // Unlabelled data (e.g. a user's own conversations) still gets predictions; its report is empty (Count 0, NaN metrics).
        var report = labelledPreds.Count == 0
            ? new ClassificationReport(classNames, double.NaN, double.NaN, double.NaN,
                classNames.Select(_ => new ClassMetrics(0, 0, 0, 0)).ToArray(), classNames.Select(_ => new int[classNames.Length]).ToArray(), 0)
            : Metrics.Compute(labelledPreds.Select(u => u.Gold).ToArray(), labelledPreds.Select(u => u.Predicted).ToArray(), classNames);
        return new EvaluationOutput { Utterances = result, Loss = weightSum > 0 ? lossSum / weightSum : double.NaN, Report = report };
    }
}
