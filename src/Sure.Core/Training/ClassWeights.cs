using Sure.Configuration;
using Sure.Data;

namespace Sure.Training;

/// <summary>Class weights inversely proportional to the training label frequencies: w_c = n / (C · n_c), 0 for absent classes.</summary>
public static class ClassWeights
{
    /// <summary>Whether class weighting is on for this dataset: Auto means on for IEMOCAP (by <see cref="ConversationDataset.Identity"/>: the reference's choice), off otherwise.</summary>
    public static bool Enabled(ClassWeighting setting, ConversationDataset data) => setting switch
    {
        ClassWeighting.On => true,
        ClassWeighting.Off => false,
        _ => Presets.IsIemocap(data),
    };

    public static float[] FromFrequencies(IEnumerable<Dialogue> train, int classCount)
    {
        var counts = new long[classCount];
        foreach (var d in train)
            foreach (var u in d.Utterances)
                if (u.Label >= 0) counts[u.Label]++;
        long n = counts.Sum();
        return counts.Select(c => c == 0 ? 0f : (float)(n / (double)(classCount * c))).ToArray();
    }
}
