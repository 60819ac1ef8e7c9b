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
        try
        {
            return new LoadedData { Dataset = Formats.DatasetLoader.Load(path, new Formats.DatasetLoadOptions { AllowMissingModality = config.AllowMissingModality }) };
        }
        catch (Errors.SureUserException e) when (!e.Message.Contains(path, StringComparison.Ordinal) && !e.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal))
        {
            throw new Errors.SureUserException($"{path}: {e.Message}", e);
        }
    }
}
