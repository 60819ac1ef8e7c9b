using Sure.Configuration;
using Sure.Data;

namespace Sure.Synth;

// STUB (replaced by the SynthERC generator on merge)
public sealed record SynthErcCeilings(double BayesAccuracy, double NoContextAccuracy);

public sealed class SynthErcBenchmark
{
    public required ConversationDataset Dataset { get; init; }
    public required SynthErcOptions Options { get; init; }
    public required SynthErcCeilings Valid { get; init; }
    public required SynthErcCeilings Test { get; init; }
}

public static class SynthErc
{
    public static SynthErcBenchmark Create(SynthErcOptions o)
    {
        var rng = new Random(o.Seed);
        var ds = new ConversationDataset { Name = "SynthERC", Format = "syntherc", ClassNames = Enumerable.Range(0, o.Classes).Select(i => $"c{i}").ToArray() };
        void Add(Split s, int n)
        {
            for (int d = 0; d < n; d++)
            {
                var dl = new Dialogue { Id = $"{s}_{d}", Split = s };
                int len = rng.Next(o.MinLength, o.MaxLength + 1);
                for (int i = 0; i < len; i++)
                {
                    int y = rng.Next(o.Classes);
                    var u = new Utterance { Speaker = $"s{i % 2}", Label = y };
                    foreach (var (m, dim) in new[] { (Modality.Text, o.TextDim), (Modality.Audio, o.AudioDim), (Modality.Visual, o.VisualDim) })
                    {
                        var f = new float[dim];
                        for (int k = 0; k < dim; k++) f[k] = (float)(rng.NextDouble() - 0.5 + (k % o.Classes == y ? 1 : 0));
                        u[m] = f;
                    }
                    dl.Utterances.Add(u);
                }
                ds.Dialogues.Add(dl);
            }
        }
        Add(Split.Train, o.TrainDialogues); Add(Split.Valid, o.ValidDialogues); Add(Split.Test, o.TestDialogues);
        return new SynthErcBenchmark { Dataset = ds, Options = o, Valid = new(1, 1), Test = new(1, 1) };
    }
}
