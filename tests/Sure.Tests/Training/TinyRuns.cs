using Sure.Configuration;
using Sure.Data;
using Sure.Synth;
using Sure.Loading;

namespace Sure.Tests.Training;

/// <summary>Small SynthERC runs for trainer tests: a few short dialogues and a small model, seconds on a CPU.</summary>
public static class TinyRuns
{
    public static SureConfig Config(int epochs = 3, int seed = 7) => new SureConfig
    {
        Hidden = 16, Heads = 2, Experts = 3, TopK = 2, Epochs = epochs, BatchSize = 4, Lr = 3e-3, Dropout = 0.1, Seed = seed, Threads = 1,
        Synth = new SynthErcOptions { TrainDialogues = 12, ValidDialogues = 4, TestDialogues = 4, MinLength = 4, MaxLength = 10, TextDim = 8, AudioDim = 6, VisualDim = 5 },
    }.Validate();

    public static LoadedData Data(SureConfig config)
    {
        var bench = SynthErc.Create(config.Synth);
        return new LoadedData { Dataset = bench.Dataset, Synth = bench };
    }

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "sure-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }
}
