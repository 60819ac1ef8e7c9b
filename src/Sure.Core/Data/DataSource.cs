using Sure.Configuration;
using Sure.Synth;

namespace Sure.Data;

/// <summary>Where a run's data comes from: the built-in SynthERC benchmark when no path is given, otherwise a file or folder in any supported format.</summary>
public static class DataSource
{
    public static LoadedData Load(SureConfig config, Action<string>? log = null)
    {
        if (config.Data is null)
        {
            var bench = SynthErc.Create(config.Synth);
            return new LoadedData { Dataset = bench.Dataset, Synth = bench };
        }
        var path = config.Data;
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new Errors.SureUserException($"{path}: no such file or folder.");
        throw new Errors.SureUserException($"{path}: dataset files are not supported yet.");
    }
}
