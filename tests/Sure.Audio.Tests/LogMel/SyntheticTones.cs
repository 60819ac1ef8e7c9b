using Sure.Audio.LogMel;

namespace Sure.Audio.Tests.LogMel;

/// <summary>A tiny synthetic task: class c is a tone near 300, 900 or 2500 Hz in noise, 0.3–0.6 s long; two clips per group.</summary>
internal sealed class SyntheticTones
{
    private static readonly double[] Pitches = [300, 900, 2500];

    public List<AudioClip?> Clips { get; } = [];
    public int[] Labels { get; }
    public int[] Group { get; }
    public bool[] IsTrain { get; }

    public SyntheticTones(int train, int test, int seed)
    {
        var rng = new Random(seed);
        var labels = new List<int>();
        var groups = new List<int>();
        var isTrain = new List<bool>();
        for (int i = 0; i < train + test; i++)
        {
            int c = i % 3;
            Clips.Add(Tone(Pitches[c] * (1 + 0.05 * (rng.NextDouble() - 0.5)), 0.3 + 0.3 * rng.NextDouble(), rng));
            labels.Add(c);
            groups.Add(i / 2);
            isTrain.Add(i < train);
        }
        Labels = [.. labels];
        Group = [.. groups];
        IsTrain = [.. isTrain];
    }

    public static AudioClip Tone(double hz, double seconds, Random rng)
    {
        var s = new float[(int)(seconds * 16000)];
        double phase = rng.NextDouble() * 2 * Math.PI, amplitude = 0.1 + 0.4 * rng.NextDouble();
        for (int i = 0; i < s.Length; i++)
            s[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / 16000 + phase) + 0.2 * (rng.NextDouble() * 2 - 1));
        return new AudioClip(s, 16000);
    }

    public static LogMelOptions Options => new()
    {
        Mels = 32, Channels = 8, Blocks = 3, Hidden = 16, Epochs = 20, Patience = 0, BatchSize = 12, Lr = 3e-3, Folds = 3, Seed = 7, Threads = 1,
    };
}
