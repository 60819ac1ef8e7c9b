using Sure.Data;

namespace Sure.Synth;

/// <summary>
/// Samples SynthERC dialogues from a <see cref="SynthErcModel"/>. Dialogue <c>j</c> of a split uses its own random
/// stream ((split + 1)·2^32 + j), so a dialogue depends only on the seed, the model options and its position.
/// </summary>
public static class SynthErcGenerator
{
    /// <summary>Dialogue id as used in the dataset: "train_0001", "valid_0001", "test_0001" (1-based).</summary>
    public static string DialogueId(Split split, int index) => $"{SplitPrefix(split)}_{index + 1:D4}";

    private static string SplitPrefix(Split split) => split switch
    {
        Split.Train => "train",
        Split.Valid => "valid",
        Split.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(split)),
    };

    /// <summary>Generates dialogue <paramref name="index"/> of <paramref name="split"/> together with the truth of each utterance.</summary>
    public static (Dialogue Dialogue, SynthErcTruth[] Truth) Generate(SynthErcModel model, Split split, int index)
    {
        var o = model.Options;
        var rng = new SynthRng(o.Seed, ((ulong)((int)split + 1) << 32) | (uint)index);

        // speakers: a random subset of the identity pool (partial Fisher–Yates), random turn-taking
        int speakers = rng.NextInt(o.MinSpeakers, o.MaxSpeakers);
        var pool = Enumerable.Range(0, o.SpeakerPool).ToArray();
        for (int j = 0; j < speakers; j++)
        {
            int r = j + rng.NextInt(pool.Length - j);
            (pool[j], pool[r]) = (pool[r], pool[j]);
        }
        int length = rng.NextInt(o.MinLength, o.MaxLength);

        var dialogue = new Dialogue { Id = DialogueId(split, index), Split = split };
        var truth = new SynthErcTruth[length];
        var lastEmotion = new int[speakers];
        Array.Fill(lastEmotion, -1);
        Span<double> probs = stackalloc double[model.Classes];
        int prevSpeaker = -1, prevEmotion = -1;
        var kinds = new CorruptionKind[Modalities.Count];

        for (int i = 0; i < length; i++)
        {
            int s;
            if (prevSpeaker < 0 || speakers == 1) s = rng.NextInt(speakers);
            else if (rng.Bernoulli(o.SameSpeakerProbability)) s = prevSpeaker;
            else
            {
                s = rng.NextInt(speakers - 1);
                if (s >= prevSpeaker) s++;
            }

            for (int k = 0; k < model.Classes; k++) probs[k] = model.Transition(k, lastEmotion[s], prevEmotion);
            int y = rng.Categorical(probs);

            int identity = pool[s];
            var utterance = new Utterance { Speaker = model.SpeakerNames[identity], Label = y };
            foreach (var m in Modalities.All)
            {
                int mi = (int)m;
                var kind = CorruptionKind.None;
                if (rng.Bernoulli(model.Corruption(m)))
                    kind = rng.Bernoulli(o.MissingFraction) ? CorruptionKind.Missing : CorruptionKind.Noised;
                kinds[mi] = kind;
                var x = new float[model.Dims[mi]];
                if (kind != CorruptionKind.Missing)
                {
                    double sd = kind == CorruptionKind.Noised ? o.CorruptedNoiseScale : 1.0;
                    var mean = model.Means[mi][y];
                    var offset = model.Offsets[mi][identity];
                    for (int j = 0; j < x.Length; j++) x[j] = (float)(mean[j] + offset[j] + sd * rng.NextNormal());
                }
                utterance[m] = x;
            }
            truth[i] = new SynthErcTruth(kinds[0], kinds[1], kinds[2]);
            dialogue.Utterances.Add(utterance);

            lastEmotion[s] = y;
            prevSpeaker = s;
            prevEmotion = y;
        }
        return (dialogue, truth);
    }
}
